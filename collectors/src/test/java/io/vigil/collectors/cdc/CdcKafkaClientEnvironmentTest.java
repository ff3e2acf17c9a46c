package io.vigil.collectors.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.schemas.kafka.KafkaClientEnvironment;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The CDC source's Kafka clients (its producer and Debezium's offset store) get the VIGIL_KAFKA_CLIENT_* settings. */
class CdcKafkaClientEnvironmentTest {
  static final Map<String, String> CLIENT_ENV = KafkaClientEnvironment.overrides(Map.of(
      KafkaClientEnvironment.PREFIX + "SECURITY_PROTOCOL", "SASL_SSL",
      KafkaClientEnvironment.PREFIX + "SASL_MECHANISM", "SCRAM-SHA-512",
      KafkaClientEnvironment.PREFIX + "BOOTSTRAP_SERVERS", "elsewhere:9093"));
  static final CdcConfig CONFIG = CdcConfig.fromMap(Map.of("slot", "s1", "publication", "p1", "kafka_bootstrap", "k:9092"));

  @Test
  void producerGetsTheOverridesButKeepsItsBootstrap() {
    Properties p = CdcSource.producerProperties(CONFIG, CLIENT_ENV);
    assertThat(p).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("bootstrap.servers", "k:9092").containsEntry("acks", "all");
  }

  @Test
  void debeziumOffsetStoreGetsTheOverridesUnprefixed() {
    Properties p = DebeziumProperties.of(CONFIG, CLIENT_ENV);
    assertThat(p.getProperty("security.protocol")).isEqualTo("SASL_SSL");
    assertThat(p.getProperty("sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
    assertThat(p.getProperty("bootstrap.servers")).isEqualTo("k:9092");
    assertThat(DebeziumProperties.of(CONFIG, Map.of()).getProperty("security.protocol")).isNull();
  }
}

package io.vigil.schemas.registry.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.schemas.kafka.KafkaClientEnvironment;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaSchemaLogClientConfigTest {
  static final Map<String, String> OVERRIDES = KafkaClientEnvironment.overrides(Map.of(
      "VIGIL_KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_SSL", "VIGIL_KAFKA_CLIENT_BOOTSTRAP_SERVERS", "other:9093"));

  @Test
  void everyClientOfTheRegistryLogGetsTheEnvironmentOverrides() {
    assertThat(KafkaSchemaLog.producerProps("kafka:9092", OVERRIDES))
        .containsEntry("security.protocol", "SASL_SSL").containsEntry("bootstrap.servers", "kafka:9092");
    assertThat(KafkaSchemaLog.consumerProps("kafka:9092", OVERRIDES))
        .containsEntry("security.protocol", "SASL_SSL").containsEntry("bootstrap.servers", "kafka:9092");
    assertThat(KafkaSchemaLog.adminProps("kafka:9092", OVERRIDES))
        .containsEntry("security.protocol", "SASL_SSL").containsEntry("bootstrap.servers", "kafka:9092");
  }
}

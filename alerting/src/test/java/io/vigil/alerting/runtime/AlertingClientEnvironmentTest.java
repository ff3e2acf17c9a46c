package io.vigil.alerting.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.schemas.kafka.KafkaClientEnvironment;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class AlertingClientEnvironmentTest {
  static final Settings SETTINGS = Settings.fromEnv(Map.of("VIGIL_KAFKA_BOOTSTRAP", "k:9092"));
  static final Map<String, String> CLIENT_ENV = KafkaClientEnvironment.overrides(Map.of(
      KafkaClientEnvironment.PREFIX + "SECURITY_PROTOCOL", "SASL_SSL",
      KafkaClientEnvironment.PREFIX + "VALUE_SERIALIZER", "x",
      KafkaClientEnvironment.PREFIX + "VALUE_DESERIALIZER", "x"));

  @Test
  void adminProducerAndConsumersGetTheClientEnvironment() {
    assertThat(AlertingRuntime.adminProps(SETTINGS, CLIENT_ENV)).containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("bootstrap.servers", "k:9092");
    assertThat(AlertingRuntime.producerProps(SETTINGS, CLIENT_ENV)).containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("value.serializer", ByteArraySerializer.class.getName());
    assertThat(AlertingRuntime.consumerProps(SETTINGS, "g", CLIENT_ENV)).containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("value.deserializer", ByteArrayDeserializer.class.getName()).containsEntry("group.id", "g");
  }
}

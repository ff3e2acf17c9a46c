package io.vigil.queryapi.mediametrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.schemas.kafka.KafkaClientEnvironment;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QualityStreamFeederClientEnvironmentTest {
  @Test
  void consumerGetsTheClientEnvironment() {
    Map<String, String> env = KafkaClientEnvironment.overrides(Map.of(
        KafkaClientEnvironment.PREFIX + "SASL_MECHANISM", "SCRAM-SHA-512"));

    assertThat(QualityStreamFeeder.consumerProperties("k:9092", "g", env)).containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("bootstrap.servers", "k:9092").containsEntry("group.id", "g");
  }
}

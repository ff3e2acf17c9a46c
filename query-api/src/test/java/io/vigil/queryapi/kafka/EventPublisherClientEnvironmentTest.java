package io.vigil.queryapi.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.schemas.kafka.KafkaClientEnvironment;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventPublisherClientEnvironmentTest {
  @Test
  void producerGetsTheClientEnvironment() {
    Map<String, String> env = KafkaClientEnvironment.overrides(Map.of(
        KafkaClientEnvironment.PREFIX + "SECURITY_PROTOCOL", "SASL_SSL",
        KafkaClientEnvironment.PREFIX + "BOOTSTRAP_SERVERS", "elsewhere:1"));

    assertThat(EventPublisher.producerProperties("k:9092", env)).containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("bootstrap.servers", "k:9092").containsEntry("client.id", "vigil-query-api");
  }
}

package io.vigil.sink.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.schemas.kafka.KafkaClientEnvironment;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadLetterPublisherClientEnvironmentTest {
  @Test
  void producerGetsTheClientEnvironment() {
    Map<String, String> env = KafkaClientEnvironment.overrides(Map.of(
        KafkaClientEnvironment.PREFIX + "SECURITY_PROTOCOL", "SSL",
        KafkaClientEnvironment.PREFIX + "SSL_TRUSTSTORE_LOCATION", "/run/secrets/ca.p12"));

    assertThat(DeadLetterPublisher.producerConfig("k:9092", env)).containsEntry("security.protocol", "SSL")
        .containsEntry("ssl.truststore.location", "/run/secrets/ca.p12").containsEntry("acks", "all")
        .containsEntry("bootstrap.servers", "k:9092");
  }
}

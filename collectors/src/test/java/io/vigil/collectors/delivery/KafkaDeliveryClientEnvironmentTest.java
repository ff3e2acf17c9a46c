package io.vigil.collectors.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.schemas.kafka.KafkaClientEnvironment;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class KafkaDeliveryClientEnvironmentTest {
  @Test
  void producerGetsTheClientEnvironmentButNotOverVigilsOwnKeys() {
    Map<String, String> env = KafkaClientEnvironment.overrides(Map.of(
        KafkaClientEnvironment.PREFIX + "SECURITY_PROTOCOL", "SSL",
        KafkaClientEnvironment.PREFIX + "SSL_TRUSTSTORE_LOCATION", "/run/secrets/truststore.p12",
        KafkaClientEnvironment.PREFIX + "VALUE_SERIALIZER", "com.example.Other",
        KafkaClientEnvironment.PREFIX + "MAX_BLOCK_MS", "1"));

    Map<String, Object> c = KafkaDelivery.producerConfig("k:9092", env, Map.of("max.block.ms", 5));

    assertThat(c).containsEntry("security.protocol", "SSL")
        .containsEntry("ssl.truststore.location", "/run/secrets/truststore.p12")
        .containsEntry("bootstrap.servers", "k:9092")
        .containsEntry("value.serializer", ByteArraySerializer.class)
        .containsEntry("max.block.ms", 5);
  }
}

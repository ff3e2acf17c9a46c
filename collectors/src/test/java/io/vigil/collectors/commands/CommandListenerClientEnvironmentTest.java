package io.vigil.collectors.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.schemas.kafka.KafkaClientEnvironment;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandListenerClientEnvironmentTest {
  @Test
  void consumerGetsTheClientEnvironment() {
    Map<String, String> env = KafkaClientEnvironment.overrides(Map.of(
        KafkaClientEnvironment.PREFIX + "SECURITY_PROTOCOL", "SASL_SSL"));

    assertThat(CommandListener.consumerConfig("k:9092", "n1", env)).containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("bootstrap.servers", "k:9092").containsEntry("group.id", "vigil-collector-n1");
  }
}

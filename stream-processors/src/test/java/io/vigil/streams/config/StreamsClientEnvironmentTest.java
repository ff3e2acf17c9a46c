package io.vigil.streams.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.schemas.kafka.KafkaClientEnvironment;
import io.vigil.streams.StreamsApp;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class StreamsClientEnvironmentTest {
  @Test
  void streamsPropertiesCarryTheClientEnvironmentButKeepAppIdAndBootstrap() {
    StreamsSettings s = StreamsSettings.defaults();
    Map<String, String> env = KafkaClientEnvironment.overrides(Map.of(
        KafkaClientEnvironment.PREFIX + "SECURITY_PROTOCOL", "SASL_SSL",
        KafkaClientEnvironment.PREFIX + "SASL_MECHANISM", "SCRAM-SHA-256",
        KafkaClientEnvironment.PREFIX + "APPLICATION_ID", "hijack",
        KafkaClientEnvironment.PREFIX + "BOOTSTRAP_SERVERS", "hijack:1"));

    Properties p = StreamsApp.properties(s, env);

    assertThat(p).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-256")
        .containsEntry("application.id", s.appId()).containsEntry("bootstrap.servers", s.bootstrap());
    assertThat(StreamsApp.properties(s)).doesNotContainKey("security.protocol");
  }

  @Test
  void commitIntervalComesFromTheEnvironmentAndRefusesNonsense() {
    assertThat(StreamsApp.properties(StreamsSettings.defaults())).containsEntry("commit.interval.ms", 100L);
    StreamsSettings slower = StreamsSettings.fromEnv(Map.of("VIGIL_STREAMS_COMMIT_MS", "250"));
    assertThat(StreamsApp.properties(slower)).containsEntry("commit.interval.ms", 250L);
    for (String bad : new String[] {"0", "-5", "fast"}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> StreamsSettings.fromEnv(Map.of("VIGIL_STREAMS_COMMIT_MS", bad)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("VIGIL_STREAMS_COMMIT_MS");
    }
  }
}

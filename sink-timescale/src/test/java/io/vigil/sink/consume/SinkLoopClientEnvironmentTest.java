package io.vigil.sink.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.schemas.kafka.KafkaClientEnvironment;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SinkLoopClientEnvironmentTest {
  @Test
  void consumerGetsTheClientEnvironmentButKeepsItsBootstrap() {
    Map<String, String> env = KafkaClientEnvironment.overrides(Map.of(
        KafkaClientEnvironment.PREFIX + "SECURITY_PROTOCOL", "SASL_SSL",
        KafkaClientEnvironment.PREFIX + "BOOTSTRAP_SERVERS", "elsewhere:1"));
    var settings = new SinkLoop.Settings(1000, Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofSeconds(5));

    assertThat(SinkLoop.consumerConfig("k:9092", "g", settings, env)).containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("bootstrap.servers", "k:9092").containsEntry("group.id", "g");
  }

  /** The broker may hold a fetch for more data, but never longer than the batch would wait anyway. */
  @Test
  void fetchWaitStaysWithinTheBatchLinger() {
    for (long linger : new long[] {1, 50, 200, 2000}) {
      var settings = new SinkLoop.Settings(1000, Duration.ofMillis(linger), Duration.ofMillis(100),
          Duration.ofSeconds(5));
      Map<String, Object> config = SinkLoop.consumerConfig("k:9092", "g", settings, Map.of());
      assertThat((int) config.get("fetch.max.wait.ms")).isPositive().isLessThanOrEqualTo((int) Math.max(1, linger));
      assertThat((int) config.get("fetch.min.bytes")).isGreaterThan(1);
    }
  }
}

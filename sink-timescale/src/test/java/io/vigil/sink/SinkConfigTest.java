package io.vigil.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.sink.config.SinkConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SinkConfigTest {
  @Test
  void defaultsCoverEveryStoredTopic() {
    SinkConfig c = SinkConfig.fromEnv(Map.of());
    assertThat(c.topics()).hasSize(9).contains("vigil.metric-windows.v1").doesNotContain("vigil.dlq.v1", "vigil.collector-commands.v1");
    assertThat(c.batchSize()).isEqualTo(5000);
    assertThat(c.linger()).isEqualTo(Duration.ofMillis(200));
    assertThat(c.storage().rawRetention()).isEqualTo(Duration.ofDays(7));
    assertThat(c.storage().windowRetention()).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void environmentOverridesDefaults() {
    SinkConfig c = SinkConfig.fromEnv(Map.of("VIGIL_SINK_TOPICS", "vigil.quality.v1, vigil.health.v1",
        "VIGIL_SINK_BATCH_SIZE", "100", "VIGIL_SINK_LINGER_MS", "50", "VIGIL_RETENTION_RAW_DAYS", "2",
        "VIGIL_SINK_WRITE_MODE", "insert"));
    assertThat(c.topics()).containsExactly("vigil.quality.v1", "vigil.health.v1");
    assertThat(c.batchSize()).isEqualTo(100);
    assertThat(c.linger()).isEqualTo(Duration.ofMillis(50));
    assertThat(c.storage().rawRetention()).isEqualTo(Duration.ofDays(2));
    assertThat(c.writeMode()).isEqualTo("insert");
  }
}

package io.vigil.streams.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.streams.window.QualityWindows;
import io.vigil.streams.window.WindowAggregate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How aggregate rules read a closed window, now that a metric without values has no accumulator at all. */
class WindowObservationTest {
  @Test
  void countOfAMetricWithoutValuesIsNoValueWhileCountOfAnythingElseIsTheSampleCount() {
    WindowAggregate w = new WindowAggregate(0, 10_000, "10s", Map.of("stream_id", "s1", "track_id", "mic"));
    for (int i = 0; i < 3; i++) {
      w.count++;
      w.add("loss_pct", 1.0 + i);
      w.add("rtt_ms", null); // never reported in this window
    }
    var o = Observations.window("quality_window", w, QualityWindows.METRICS);
    assertThat(o.metrics().apply("loss_pct:count")).isEqualTo(3.0);
    assertThat(o.metrics().apply("loss_pct:avg")).isEqualTo(2.0);
    assertThat(o.metrics().apply("rtt_ms:count")).as("a known metric with no values").isNull();
    assertThat(o.metrics().apply("rtt_ms:avg")).isNull();
    assertThat(o.metrics().apply("anything:count")).isEqualTo(3.0);
    assertThat(o.metrics().apply("count")).isEqualTo(3.0);
  }
}

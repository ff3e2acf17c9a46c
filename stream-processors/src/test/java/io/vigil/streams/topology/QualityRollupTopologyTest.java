package io.vigil.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.schemas.avro.QualityWindow;
import io.vigil.schemas.topics.Topic;
import io.vigil.streams.testing.Samples;
import io.vigil.streams.testing.TopologyHarness;
import io.vigil.streams.validate.PipelineCounters;
import io.vigil.streams.window.MetricAccumulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The 1 min quality windows are filled from the closed 10 s windows: they must still hold every on-time sample. */
class QualityRollupTopologyTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  @Test
  void minuteHoldsEverySampleIncludingOneTooLateForItsTenSecondWindow() {
    try (TopologyHarness h = new TopologyHarness(List.of(), T0)) {
      MetricAccumulator expected = new MetricAccumulator();
      for (long t = 0; t < 60; t += 5) {
        h.send(Topic.QUALITY, "s1", Samples.audio("s1", at(t), t / 5.0), at(t));
        expected.add(t / 5.0);
      }
      // stream time is 55 s: the 10 s window [0, 10) is past its 5 s grace, the minute is not
      h.send(Topic.QUALITY, "s1", Samples.audio("s1", at(3), 20.0), at(3));
      expected.add(20.0);
      h.advance(Duration.ofSeconds(80));

      List<QualityWindow> mic = h.qualityWindows.readValuesToList().stream()
          .filter(w -> "mic".equals(w.getTrackId())).toList();
      List<QualityWindow> tens = mic.stream().filter(w -> w.getWindow().equals("10s")).toList();
      assertThat(tens).hasSize(6).allSatisfy(w -> assertThat(w.getCount()).isEqualTo(2));
      QualityWindow minute = mic.stream().filter(w -> w.getWindow().equals("1m")).findFirst().orElseThrow();
      assertThat(minute.getCount()).isEqualTo(13);
      assertThat(minute.getLossPct()).isEqualTo(expected.toStats());
      assertThat(minute.getPacketsReceived()).isEqualTo(1300L);
      assertThat(minute.getWindowStart()).isEqualTo(at(0));
      assertThat(h.counters.get(PipelineCounters.Series.lateRecords("quality"))).isEqualTo(1);
    }
  }
}

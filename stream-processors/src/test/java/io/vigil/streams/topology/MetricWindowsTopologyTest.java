package io.vigil.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.schemas.avro.AlertEvent;
import io.vigil.schemas.avro.AlertStatus;
import io.vigil.schemas.avro.MetricKind;
import io.vigil.schemas.avro.MetricWindow;
import io.vigil.schemas.topics.Topic;
import io.vigil.streams.rulefiles.RuleFileParser;
import io.vigil.streams.testing.Samples;
import io.vigil.streams.testing.TopologyHarness;
import io.vigil.streams.validate.PipelineCounters;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/** MetricSamples through the real topology: 1-minute windows per series, emitted once, and rate rules on them. */
class MetricWindowsTopologyTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  /** A dropped-chunks counter (6/min, then 24/min across a restart) and a steady buffer-depth gauge, every 10 s. */
  private static void feedTwoMinutes(TopologyHarness h) {
    double[] counter = {0, 1, 2, 3, 4, 5, 10, 15, 20, 0, 5, 10};
    for (int i = 0; i < counter.length; i++) {
      long t = i * 10L;
      h.send(Topic.METRICS, "tts-1", Samples.metric("tts-1", "dropped_chunks_total", MetricKind.counter, at(t),
          counter[i]), at(t));
      h.send(Topic.METRICS, "tts-1", Samples.metric("tts-1", "buffer_depth_ms", MetricKind.gauge, at(t), 200), at(t));
      h.advance(Duration.ofSeconds(10));
    }
  }

  @Test
  void closedMetricWindowsAreEmittedOnceWithStatsAndRate() {
    try (TopologyHarness h = new TopologyHarness(List.of(), T0)) {
      feedTwoMinutes(h);
      h.advance(Duration.ofSeconds(70)); // quiet partition: the wall clock closes the second minute too
      List<KeyValue<String, MetricWindow>> windows = h.metricWindows.readKeyValuesToList();
      assertThat(windows).hasSize(4);
      assertThat(windows).extracting(kv -> kv.key).containsOnly("tts-1");

      MetricWindow second = find(windows, "dropped_chunks_total", at(60));
      assertThat(second.getWindowEnd()).isEqualTo(at(120));
      assertThat(second.getWindow()).isEqualTo("1m");
      assertThat(second.getKind()).isEqualTo(MetricKind.counter);
      assertThat(second.getNodeId()).isEqualTo("node-1");
      assertThat(second.getLabels()).isEqualTo(Map.of("track", "main"));
      assertThat(second.getCount()).isEqualTo(6);
      assertThat(second.getMin()).isEqualTo(0.0);
      assertThat(second.getMax()).isEqualTo(20.0);
      assertThat(second.getLast()).isEqualTo(10.0);
      // 10 -> 15 -> 20 -> (reset) 0 -> 5 -> 10: increase 5 + 5 + 0 + 5 + 5 = 20 over 50 s
      assertThat(second.getRate()).isCloseTo(0.4, within(1e-9));
      assertThat(find(windows, "dropped_chunks_total", at(0)).getRate()).isCloseTo(0.1, within(1e-9));

      MetricWindow gauge = find(windows, "buffer_depth_ms", at(0));
      assertThat(gauge.getAvg()).isEqualTo(200.0);
      assertThat(gauge.getP95()).isCloseTo(200.0, within(4.0));
      assertThat(gauge.getRate()).as("rate is only defined for counters").isNull();

      h.advance(Duration.ofMinutes(3));
      assertThat(h.metricWindows.isEmpty()).as("each window is emitted once").isTrue();
    }
  }

  @Test
  void lateMetricSamplesAreCountedNotAddedToEmittedWindows() {
    try (TopologyHarness h = new TopologyHarness(List.of(), T0)) {
      feedTwoMinutes(h); // stream time 120 s: the first minute is closed, the second is within its grace
      assertThat(h.metricWindows.readValuesToList()).hasSize(2); // the first minute, counter and gauge
      h.send(Topic.METRICS, "tts-1", Samples.metric("tts-1", "dropped_chunks_total", MetricKind.counter, at(30), 99),
          at(30));
      assertThat(h.counters.get(PipelineCounters.Series.lateRecords("metrics"))).isEqualTo(1);
      h.advance(Duration.ofMinutes(3));
      assertThat(h.metricWindows.readValuesToList()).extracting(MetricWindow::getWindowStart)
          .containsOnly(at(60));
    }
  }

  @Test
  void defaultDroppedChunksRuleFiresOnTheCounterRateOfAClosedWindowAndResolves() {
    try (TopologyHarness h = new TopologyHarness(RuleFileParser.defaultPack(), T0)) {
      feedTwoMinutes(h);
      assertThat(h.alerts.isEmpty()).as("6/min in the first minute is fine; the second is still open").isTrue();
      h.advance(Duration.ofSeconds(10)); // wall 130 s: the second minute closed
      List<AlertEvent> firing = h.alerts.readValuesToList();
      assertThat(firing).extracting(AlertEvent::getStatus).containsExactly(AlertStatus.firing);
      assertThat(firing.get(0).getRuleId()).isEqualTo("dropped-chunks-high");
      assertThat(firing.get(0).getValue()).isCloseTo(0.4, within(1e-9));
      assertThat(firing.get(0).getLabels()).containsEntry("source", "tts-1").containsEntry("window", "1m")
          .containsEntry("name", "dropped_chunks_total");
      assertThat(firing.get(0).getAnnotations().get("summary")).isEqualTo(
          "0.4 dropped chunks/s (more than 10 per minute) on tts-1");

      // the third minute is flat: its window resolves the alert
      for (long t = 120; t < 180; t += 10) {
        h.send(Topic.METRICS, "tts-1", Samples.metric("tts-1", "dropped_chunks_total", MetricKind.counter, at(t), 10),
            at(t));
        h.advance(Duration.ofSeconds(10));
      }
      h.advance(Duration.ofSeconds(10));
      assertThat(h.alerts.readValuesToList()).extracting(AlertEvent::getStatus).containsExactly(AlertStatus.resolved);
    }
  }

  private static MetricWindow find(List<KeyValue<String, MetricWindow>> windows, String name, Instant start) {
    return windows.stream().map(kv -> kv.value)
        .filter(w -> w.getName().equals(name) && w.getWindowStart().equals(start)).findFirst().orElseThrow();
  }
}

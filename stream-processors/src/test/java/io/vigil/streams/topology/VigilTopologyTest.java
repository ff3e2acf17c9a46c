package io.vigil.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.schemas.avro.AlertEvent;
import io.vigil.schemas.avro.AlertStatus;
import io.vigil.schemas.avro.LifecycleState;
import io.vigil.schemas.avro.QualityWindow;
import io.vigil.schemas.topics.DeadLetterHeaders;
import io.vigil.schemas.topics.Topic;
import io.vigil.streams.testing.Samples;
import io.vigil.streams.testing.TopologyHarness;
import io.vigil.streams.validate.PipelineCounters;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class VigilTopologyTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  /** Sends one sample every 2 s from {@code from} to {@code to} (inclusive), the wall clock following event time. */
  private static void lossSeries(TopologyHarness h, String stream, long from, long to, double loss) {
    for (long t = from; t <= to; t += 2) {
      h.send(Topic.QUALITY, stream, Samples.audio(stream, at(t), loss), at(t));
      h.advance(Duration.ofSeconds(2));
    }
  }

  @Test
  void lossAboveThresholdLongerThanForGoesPendingFiringResolvedExactlyOnce() {
    try (TopologyHarness h = new TopologyHarness(List.of(Samples.lossRule("loss", 10)), T0)) {
      h.send(Topic.LIFECYCLE, "s1", Samples.stream("s1", LifecycleState.live, T0), T0);
      lossSeries(h, "s1", 0, 4, 1.0);
      lossSeries(h, "s1", 6, 30, 8.0);
      lossSeries(h, "s1", 32, 40, 1.0);

      List<AlertEvent> events = h.alerts.readValuesToList();
      assertThat(events).extracting(AlertEvent::getStatus)
          .containsExactly(AlertStatus.pending, AlertStatus.firing, AlertStatus.resolved);
      assertThat(events).extracting(AlertEvent::getFingerprint).containsOnly(events.get(0).getFingerprint());
      assertThat(events.get(0).getUpdatedAt()).isEqualTo(at(6));
      assertThat(events.get(1).getStartsAt()).isEqualTo(at(16));
      assertThat(events.get(2).getEndsAt()).isEqualTo(at(32));
      AlertEvent firing = events.get(1);
      assertThat(firing.getLabels()).containsEntry("stream_id", "s1").containsEntry("stream_name", "Town hall")
          .containsEntry("room", "room-7").containsEntry("alertname", "PoorNetworkQuality");
      assertThat(firing.getAnnotations()).containsEntry("summary", "loss 8% on s1 (Town hall)");
      assertThat(firing.getValue()).isEqualTo(8.0);
    }
  }

  @Test
  void aStreamAnnouncedAfterItsFirstSamplesIsNamedFromThenOn() {
    try (TopologyHarness h = new TopologyHarness(List.of(Samples.lossRule("loss", 0)), T0)) {
      lossSeries(h, "late", 0, 2, 8.0); // not yet known: no name, no room from the lifecycle
      h.send(Topic.LIFECYCLE, "late", Samples.stream("late", LifecycleState.live, at(4)), at(4));
      lossSeries(h, "late", 4, 6, 1.0);
      lossSeries(h, "late", 8, 8, 8.0);

      List<AlertEvent> events = h.alerts.readValuesToList();
      assertThat(events).extracting(AlertEvent::getStatus)
          .containsExactly(AlertStatus.firing, AlertStatus.resolved, AlertStatus.firing);
      assertThat(events.get(0).getLabels()).doesNotContainKey("stream_name");
      assertThat(events.get(2).getLabels()).containsEntry("stream_name", "Town hall");
    }
  }

  @Test
  void windowsCloseOnWallClockExactlyOnceWithStatsAndMos() {
    try (TopologyHarness h = new TopologyHarness(List.of(), T0)) {
      lossSeries(h, "s1", 0, 18, 2.0); // 10 samples
      h.advance(Duration.ofSeconds(70)); // quiet partition: windows must still close
      List<QualityWindow> windows = h.qualityWindows.readValuesToList();
      Set<String> seen = new HashSet<>();
      for (QualityWindow w : windows) {
        assertThat(seen.add(w.getWindow() + w.getWindowStart() + w.getTrackId())).as("emitted once").isTrue();
      }
      // 10 s windows [0,10) and [10,20) and one 1 min window, each per track and per participant
      assertThat(windows).hasSize(6);
      QualityWindow minute = windows.stream()
          .filter(w -> w.getWindow().equals("1m") && "mic".equals(w.getTrackId())).findFirst().orElseThrow();
      assertThat(minute.getCount()).isEqualTo(10);
      assertThat(minute.getLossPct().getAvg()).isEqualTo(2.0);
      assertThat(minute.getLossPct().getP95()).isEqualTo(2.0);
      assertThat(minute.getMosAvg()).isBetween(4.0, 4.5);
      assertThat(minute.getPacketsReceived()).isEqualTo(1000L);
      assertThat(minute.getWindowEnd()).isEqualTo(at(60));

      // a record for an already-closed window is counted, not silently dropped from the books
      h.send(Topic.QUALITY, "s1", Samples.audio("s1", at(1), 2.0), at(1));
      assertThat(h.counters.get(PipelineCounters.Series.lateRecords("quality"))).isEqualTo(1);
    }
  }

  @Test
  void aClientWhoseClockRunsAheadDoesNotCloseTheOtherStreamsWindowsEarly() {
    try (TopologyHarness h = new TopologyHarness(List.of(), T0)) {
      // sent at 1 s, stamped by its client two minutes ahead (inside the collector's clock-skew limit)
      h.send(Topic.QUALITY, "ahead", Samples.audio("ahead", at(121), 2.0), at(1));
      h.send(Topic.QUALITY, "s1", Samples.audio("s1", at(2), 2.0), at(2));
      h.send(Topic.QUALITY, "s1", Samples.audio("s1", at(3), 2.0), at(3));
      assertThat(h.counters.get(PipelineCounters.Series.lateRecords("quality"))).isZero();
      h.advance(Duration.ofSeconds(20));
      List<QualityWindow> s1 = h.qualityWindows.readValuesToList().stream()
          .filter(w -> "s1".equals(w.getStreamId()) && "mic".equals(w.getTrackId())).toList();
      assertThat(s1).singleElement().satisfies(w -> {
        assertThat(w.getWindow()).isEqualTo("10s");
        assertThat(w.getCount()).isEqualTo(2);
      });
    }
  }

  @Test
  void ruleDeletedAtRuntimeStopsEvaluatingAndResolvesItsAlerts() {
    try (TopologyHarness h = new TopologyHarness(List.of(), T0)) {
      h.send(Topic.ALERT_RULES, "runtime-loss", Samples.lossRule("runtime-loss", 0), T0);
      h.advance(Duration.ofSeconds(1));
      lossSeries(h, "s1", 2, 4, 9.0);
      assertThat(h.alerts.readValuesToList()).extracting(AlertEvent::getStatus).containsExactly(AlertStatus.firing);

      h.send(Topic.ALERT_RULES, "runtime-loss", null, at(6)); // tombstone
      h.advance(Duration.ofSeconds(1));
      List<AlertEvent> after = h.alerts.readValuesToList();
      assertThat(after).extracting(AlertEvent::getStatus).containsExactly(AlertStatus.resolved);
      assertThat(after.get(0).getRuleId()).isEqualTo("runtime-loss");
      assertThat(after.get(0).getLabels()).containsEntry("alertname", "PoorNetworkQuality");

      lossSeries(h, "s1", 8, 12, 9.0);
      assertThat(h.alerts.isEmpty()).as("deleted rule no longer evaluates").isTrue();
    }
  }

  @Test
  void streamThatGoesSilentTriggersTheAbsentRuleUnlessItEnded() {
    try (TopologyHarness h = new TopologyHarness(List.of(Samples.absentRule("absent", 30)), T0)) {
      h.send(Topic.LIFECYCLE, "live", Samples.stream("live", LifecycleState.live, T0), T0);
      h.send(Topic.LIFECYCLE, "done", Samples.stream("done", LifecycleState.live, T0), T0);
      h.send(Topic.QUALITY, "live", Samples.audio("live", at(0), 0), at(0));
      h.send(Topic.QUALITY, "done", Samples.audio("done", at(0), 0), at(0));
      h.send(Topic.LIFECYCLE, "done", Samples.stream("done", LifecycleState.ended, at(1)), at(1));
      for (int i = 0; i < 29; i++) {
        h.advance(Duration.ofSeconds(1));
      }
      assertThat(h.alerts.isEmpty()).isTrue();
      h.advance(Duration.ofSeconds(2));
      List<AlertEvent> events = h.alerts.readValuesToList();
      assertThat(events).hasSize(1);
      assertThat(events.get(0).getStatus()).isEqualTo(AlertStatus.firing);
      assertThat(events.get(0).getLabels()).containsEntry("stream_id", "live");

      h.send(Topic.QUALITY, "live", Samples.audio("live", at(40), 0), at(40));
      assertThat(h.alerts.readValuesToList()).extracting(AlertEvent::getStatus).containsExactly(AlertStatus.resolved);
    }
  }

  @Test
  void aProcessorFarBehindItsInputDoesNotTakeItsBacklogForSilence() {
    // A minute behind already, and each further second of input takes 31 s of wall-clock time to read: on the wall
    // clock every series is silent for 31 s between two of its samples, on the input's clock for one.
    try (TopologyHarness h = new TopologyHarness(List.of(Samples.absentRule("absent", 30)), at(60))) {
      h.send(Topic.LIFECYCLE, "steady", Samples.stream("steady", LifecycleState.live, T0), T0);
      h.send(Topic.LIFECYCLE, "quits", Samples.stream("quits", LifecycleState.live, T0), T0);
      for (int i = 0; i <= 60; i++) {
        h.send(Topic.QUALITY, "steady", Samples.audio("steady", at(i), 0), at(i));
        if (i < 10) {
          h.send(Topic.QUALITY, "quits", Samples.audio("quits", at(i), 0), at(i));
        }
        h.advance(Duration.ofSeconds(31));
      }
      List<AlertEvent> events = h.alerts.readValuesToList();
      assertThat(events).extracting(e -> e.getLabels().get("stream_id")).containsExactly("quits");
      assertThat(events.get(0).getStatus()).isEqualTo(AlertStatus.firing);
      assertThat(events.get(0).getStartsAt()).isEqualTo(at(9 + 30));
      // the last sample, produced at 60 s, was read at 60 + 31 x 60 s
      assertThat(h.delays.maxMs("quality")).isEqualTo(Duration.ofSeconds(31 * 60).toMillis());
      assertThat(h.delays.maxMs("health")).isZero();
    }
  }

  @Test
  void poisonRecordGoesToTheDlqWithHeadersAndTheNextRecordIsProcessed() {
    try (TopologyHarness h = new TopologyHarness(List.of(Samples.lossRule("loss", 0)), T0)) {
      h.raw(Topic.QUALITY).pipeInput("s1", new byte[] {0, 0, 0, 0, 9, 1, 2, 3}, T0);
      h.raw(Topic.QUALITY).pipeInput("s1", "not avro".getBytes(), T0);
      h.send(Topic.QUALITY, "s1", Samples.audio("s1", at(0), 140.0), at(0)); // decodes, but loss > 100 %
      h.send(Topic.QUALITY, "s1", Samples.audio("s1", at(1), 9.0), at(1));

      List<TestRecord<String, byte[]>> dead = h.dlq.readRecordsToList();
      assertThat(dead).hasSize(3);
      TestRecord<String, byte[]> first = dead.get(0);
      assertThat(first.key()).isEqualTo("s1");
      assertThat(first.value()).containsExactly(0, 0, 0, 0, 9, 1, 2, 3);
      assertThat(DeadLetterHeaders.read(first.headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(Topic.QUALITY.topicName());
      assertThat(DeadLetterHeaders.read(first.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
      assertThat(DeadLetterHeaders.read(first.headers(), DeadLetterHeaders.STAGE)).isEqualTo("decode");
      assertThat(DeadLetterHeaders.read(dead.get(2).headers(), DeadLetterHeaders.STAGE)).isEqualTo("validate");
      assertThat(DeadLetterHeaders.read(dead.get(2).headers(), DeadLetterHeaders.ERROR_MESSAGE)).contains("loss_pct");
      assertThat(h.counters.get(PipelineCounters.Series.deadLetters("vigil.quality.v1", "decode"))).isEqualTo(2);

      assertThat(h.alerts.readValuesToList()).extracting(AlertEvent::getStatus).containsExactly(AlertStatus.firing);
    }
  }

  @Test
  void missingConsumerHeartbeatFiresFromTheDefaultPack() {
    var pack = io.vigil.streams.rulefiles.RuleFileParser.defaultPack();
    try (TopologyHarness h = new TopologyHarness(pack, T0)) {
      for (int t = 0; t <= 20; t += 10) {
        h.send(Topic.HEALTH, "api-1", Samples.heartbeat("consumer-7", at(t)), at(t));
        h.advance(Duration.ofSeconds(10));
      }
      h.advance(Duration.ofSeconds(49)); // last heartbeat at wall 20 s, now 79 s: 59 s of silence
      assertThat(h.alerts.isEmpty()).isTrue();
      h.advance(Duration.ofSeconds(2));
      List<AlertEvent> events = h.alerts.readValuesToList();
      assertThat(events).extracting(e -> e.getLabels().get("alertname")).containsExactly("ConsumerHeartbeatMissing");
      assertThat(events.get(0).getAnnotations().get("summary")).contains("consumer-7");
    }
  }
}

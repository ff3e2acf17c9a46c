package io.vigil.streams.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.schemas.avro.Direction;
import io.vigil.schemas.avro.MediaKind;
import io.vigil.schemas.avro.QualitySample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Filling 1 min windows from closed 10 s windows gives exactly the window of all samples. */
class RollupTest {
  private static final Map<String, String> DIMS = Map.of("stream_id", "s1", "participant_id", "p", "track_id", "mic");

  private static QualitySample sample(long tsMs, Double loss, Double rtt, Double concealment) {
    return QualitySample.newBuilder().setEventId("e" + tsMs).setTs(Instant.ofEpochMilli(tsMs)).setNodeId("n")
        .setCollectorSeq(0).setStreamId("s1").setParticipantId("p").setTrackId("mic").setKind(MediaKind.audio)
        .setDirection(Direction.inbound).setSource("browser").setLossPct(loss).setJitterMs(2.5).setRttMs(rtt)
        .setConcealmentPct(concealment).setMos(4.25).setPacketsReceived(50L).setPacketsLost(tsMs % 3).build();
  }

  @Test
  void mergingTheTenSecondWindowsGivesTheMinuteOfAllSamples() {
    List<QualitySample> samples = new ArrayList<>();
    for (long t = 0; t < 60_000; t += 1_500) {
      // values on a 0.25 grid so sums are exact in any order; rtt and concealment missing in parts of the minute
      samples.add(sample(t, (t % 7_000) / 1_000 * 0.25, t < 20_000 ? null : 40.0 + t / 10_000,
          t >= 30_000 && t < 40_000 ? 1.5 : null));
    }
    WindowAggregate direct = new WindowAggregate(0, 60_000, "1m", DIMS);
    samples.forEach(s -> QualityWindows.add(direct, s));

    Rollup rollup = new Rollup(WindowSpec.TEN_SECONDS, WindowSpec.ONE_MINUTE, QualityWindows::merge);
    WindowAggregate minute = new WindowAggregate(0, 60_000, "1m", DIMS);
    for (long start = 0; start < 60_000; start += 10_000) {
      WindowAggregate ten = new WindowAggregate(start, start + 10_000, "10s", DIMS);
      for (QualitySample s : samples) {
        if (WindowSpec.TEN_SECONDS.endOf(s.getTs().toEpochMilli()) == ten.end()) {
          QualityWindows.add(ten, s);
        }
      }
      assertThat(rollup.coarseEnd(ten.end())).isEqualTo(60_000);
      rollup.merge().accept(minute, ten);
    }

    assertThat(QualityWindows.toAvro(minute)).isEqualTo(QualityWindows.toAvro(direct));
    assertThat(minute.count).isEqualTo(samples.size());
    assertThat(minute.lastTs).isEqualTo(direct.lastTs);
  }

  @Test
  void anUnknownValueCreatesNoAccumulator() {
    WindowAggregate w = new WindowAggregate(0, 10_000, "10s", DIMS);
    QualityWindows.add(w, sample(1_000, 1.0, null, null));
    assertThat(w.metrics()).containsKey("loss_pct").doesNotContainKeys("rtt_ms", "concealment_pct");
    assertThat(QualityWindows.toAvro(w).getRttMs()).isNull();
  }

  @Test
  void coarseEndAndInvalidPairs() {
    Rollup r = new Rollup(WindowSpec.TEN_SECONDS, WindowSpec.ONE_MINUTE, QualityWindows::merge);
    assertThat(r.coarseEnd(10_000)).isEqualTo(60_000);
    assertThat(r.coarseEnd(60_000)).isEqualTo(60_000);
    assertThat(r.coarseEnd(70_000)).isEqualTo(120_000);
    assertThatThrownBy(() -> new Rollup(new WindowSpec("10s", 10_000), new WindowSpec("25s", 25_000), (a, b) -> { }))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Rollup(new WindowSpec("b", 10_000), new WindowSpec("a", 60_000), (a, b) -> { }))
        .as("the fine window must close first when both end together").isInstanceOf(IllegalArgumentException.class);
  }
}

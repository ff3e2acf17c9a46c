package io.vigil.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.sink.rollup.Quality1h;
import io.vigil.sink.rollup.Quality1h.Group;
import io.vigil.sink.rows.RowMapper;
import io.vigil.sink.rows.SourceRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a batch of 1-minute windows adds to the hourly rollup: the same arithmetic as the rollup's GROUP BY. */
class Quality1hContributionsTest {
  private static final SourceRecord SRC = new SourceRecord("t", 0, 0, null, new byte[0]);
  private static final Instant HOUR = Instant.parse("2026-11-22T03:00:00Z");

  @Test
  void groupsByHourStreamParticipantAndKind() {
    var participantLevel = Samples.window("a", "x", HOUR.plusSeconds(120), 1, 4);
    participantLevel.setKind(null);
    var anonymous = Samples.window("b", null, HOUR.plusSeconds(3540), 1, 4);
    var rows = List.of(
        RowMapper.map(Samples.window("a", "x", HOUR.plusSeconds(60), 1, 4), SRC).get(0),
        RowMapper.map(Samples.window("a", "x", HOUR.plusSeconds(3599), 1, 4), SRC).get(0),
        RowMapper.map(participantLevel, SRC).get(0),
        RowMapper.map(anonymous, SRC).get(0),
        RowMapper.map(Samples.window("a", "x", HOUR.plusSeconds(3600), 1, 4), SRC).get(0));

    var groups = Quality1h.contributions(rows);

    assertThat(groups.keySet()).containsExactly(
        new Group("default", "a", "x", "audio", HOUR),
        new Group("default", "a", "x", "", HOUR),
        new Group("default", "b", "", "audio", HOUR),
        new Group("default", "a", "x", "audio", HOUR.plusSeconds(3600)));
    assertThat(groups.get(new Group("default", "a", "x", "audio", HOUR)).windows()).isEqualTo(2);
    assertThat(groups.get(new Group("default", "a", "x", "audio", HOUR)).samples()).isEqualTo(12);
  }

  @Test
  void averagesAreWeightedBySamplesAndSkipWindowsWithoutTheMetric() {
    var few = Samples.window("a", "x", HOUR, 1.0, 4.0);
    few.setCount(2);
    few.setRttMs(null);
    var many = Samples.window("a", "x", HOUR.plusSeconds(60), 3.0, 3.0);
    many.setCount(6);
    var noMos = Samples.window("a", "x", HOUR.plusSeconds(120), 5.0, 0);
    noMos.setCount(4);
    noMos.setMosAvg(null);
    noMos.setMosMin(null);

    var c = Quality1h.contributions(List.of(RowMapper.map(few, SRC).get(0), RowMapper.map(many, SRC).get(0),
        RowMapper.map(noMos, SRC).get(0))).values().iterator().next();

    assertThat(c.windows()).isEqualTo(3);
    assertThat(c.samples()).isEqualTo(12);
    assertThat(c.average("loss_pct")).isCloseTo((1.0 * 2 + 3.0 * 6 + 5.0 * 4) / 12, within(1e-12));
    assertThat(c.extreme("loss_pct")).isEqualTo(10.0); // Samples.window: max = 2 x avg
    assertThat(c.average("rtt_ms")).isCloseTo(80.0, within(1e-12)); // the window without RTT adds no weight
    assertThat(c.average("mos")).isCloseTo((4.0 * 2 + 3.0 * 6) / 8, within(1e-12));
    assertThat(c.extreme("mos")).isEqualTo(2.5); // the least mos_min (mos - 0.5)
  }

  @Test
  void aMetricNoWindowCarriedStaysNull() {
    var w = Samples.window("a", "x", HOUR, 1.0, 4.0);
    w.setRttMs(null);
    var c = Quality1h.contributions(List.of(RowMapper.map(w, SRC).get(0))).values().iterator().next();
    assertThat(c.average("rtt_ms")).isNull();
    assertThat(c.extreme("rtt_ms")).isNull();
  }
}

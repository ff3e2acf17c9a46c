package io.vigil.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.sink.migrate.Migrations;
import io.vigil.sink.rollup.Quality1h;
import io.vigil.sink.migrate.StorageMode;
import io.vigil.sink.migrate.StorageSettings;
import io.vigil.sink.retention.RetentionJob;
import io.vigil.sink.rows.Row;
import io.vigil.sink.rows.RowMapper;
import io.vigil.sink.rows.SourceRecord;
import io.vigil.sink.write.Batch;
import io.vigil.sink.write.BatchWriter;
import io.vigil.sink.write.OffsetStore;
import io.vigil.testkit.postgres.Postgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Plain-PostgreSQL mode: the quality_1h table the sink adds batches to equals a GROUP BY over the windows, also across
 * the upgrade that gave its rows weights; retention removes old rows.
 */
class RetentionAndRollupIT {
  private static final SourceRecord SRC = new SourceRecord("t", 0, 0, null, new byte[0]);
  private static final Postgres PG = Postgres.shared();
  private static String db;

  @BeforeAll
  static void migrate() {
    db = PG.newDatabase();
    assertThat(Migrations.run(PG.dataSource(db))).isEqualTo(StorageMode.POSTGRESQL);
    // A second run is a no-op: the sink runs migrations on every start.
    assertThat(Migrations.run(PG.dataSource(db))).isEqualTo(StorageMode.POSTGRESQL);
  }

  private static void write(List<Row> rows) throws SQLException {
    try (Connection c = PG.connect(db)) {
      new BatchWriter(true, true, new OffsetStore("test"), rejected -> { })
          .write(c, new Batch(rows, List.of(), Map.of(), Map.of()));
    }
  }

  private static long count(String sql) throws SQLException {
    try (Connection c = PG.connect(db)) {
      return Sql.count(c, sql);
    }
  }

  @Test
  void hourlyRollupMatchesGroupByOverTheWindows() throws SQLException {
    Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.HOURS);
    // Three batches over three hours and two streams, so each group is added to several times; some windows carry no
    // RTT or MOS, which must not weigh on those averages.
    for (int batch = 0; batch < 3; batch++) {
      List<Row> rows = new ArrayList<>();
      for (int m = 0; m < 150; m += 7) {
        for (String stream : List.of("roll-a", "roll-b")) {
          for (String who : List.of("alice", "bob")) {
            Instant start = base.plus(m + batch * 2L, ChronoUnit.MINUTES);
            var window = Samples.window(stream, who, start, (m % 11) * 0.7, 4.4 - (m % 5) * 0.3);
            window.setCount(1 + (m + batch) % 6);
            if (m % 3 == batch) {
              window.setRttMs(null);
            }
            if (m % 5 == batch) {
              window.setMosAvg(null);
              window.setMosMin(null);
            }
            rows.add(RowMapper.map(window, SRC).get(0));
          }
        }
      }
      write(rows);
    }
    assertRollupMatchesWindows(db, "roll-", 12); // 3 hours x 2 streams x 2 people
  }

  @Test
  void rollupRowsWithoutWeightsAreWeighedByTheirSamples() throws SQLException {
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(5, ChronoUnit.HOURS);
    try (Connection c = PG.connect(db)) {
      // As a hand-written or pre-weight row: 10 samples averaging 2 % loss and MOS 4.0.
      Sql.exec(c, "INSERT INTO quality_1h (tenant, stream_id, participant_id, kind, bucket, windows, samples,"
          + " loss_pct_avg, loss_pct_max, mos_avg, mos_min) VALUES ('default', 'noweight', 'alice', 'audio', '"
          + hour + "', 2, 10, 2.0, 4.0, 4.0, 3.9)");
    }
    write(List.of(RowMapper.map(Samples.window("noweight", "alice", hour.plusSeconds(600), 5.0, 3.0), SRC).get(0)));
    try (Connection c = PG.connect(db)) {
      // The window: 6 samples, loss avg 5, max 10, MOS 3.0 (min 2.5), no earlier jitter.
      assertThat(Sql.count(c, "SELECT count(*) FROM quality_1h WHERE stream_id = 'noweight' AND windows = 3"
          + " AND samples = 16 AND abs(loss_pct_avg - (2.0 * 10 + 5.0 * 6) / 16) < 1e-9 AND loss_pct_max = 10"
          + " AND abs(mos_avg - (4.0 * 10 + 3.0 * 6) / 16) < 1e-9 AND mos_min = 2.5 AND jitter_ms_avg = 10"
          + " AND loss_pct_weight = 16 AND jitter_ms_weight = 6")).isEqualTo(1);
    }
  }

  @Test
  void upgradeGivesExistingRollupRowsTheirWeights() throws SQLException {
    String old = PG.newDatabase();
    Flyway.configure().dataSource(PG.dataSource(old)).locations("classpath:db/migration").target("5").load().migrate();
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);
    List<Row> before = new ArrayList<>();
    for (int m = 0; m < 30; m += 3) {
      var w = Samples.window("upg", "alice", hour.plusSeconds(60L * m), m * 0.1, 4.0 - m * 0.01);
      w.setCount(3 + m % 4);
      if (m % 9 == 0) {
        w.setRttMs(null);
      }
      before.add(RowMapper.map(w, SRC).get(0));
    }
    try (Connection c = PG.connect(old)) {
      new BatchWriter(true, false, new OffsetStore("test"), rejected -> { })
          .write(c, new Batch(before, List.of(), Map.of(), Map.of()));
      c.setAutoCommit(true);
      // What version 5's sink kept: the rollup recomputed from the windows.
      String bucket = "vigil_bucket(INTERVAL '1 hour', window_start)";
      Sql.exec(c, "INSERT INTO quality_1h (tenant, stream_id, participant_id, kind, bucket, windows, samples,"
          + " loss_pct_avg, loss_pct_max, jitter_ms_avg, jitter_ms_max, rtt_ms_avg, rtt_ms_max, bitrate_kbps_avg,"
          + " mos_avg, mos_min) " + String.format(Quality1h.SELECT, bucket) + String.format(Quality1h.GROUP_BY, bucket));
    }
    assertThat(Migrations.run(PG.dataSource(old))).isEqualTo(StorageMode.POSTGRESQL);
    try (Connection c = PG.connect(old)) {
      assertThat(Sql.count(c, "SELECT rtt_ms_weight FROM quality_1h WHERE stream_id = 'upg'"))
          .isEqualTo(Sql.count(c, "SELECT sum(count) FROM quality_windows_1m WHERE rtt_ms_avg IS NOT NULL"));
    }
    List<Row> after = new ArrayList<>();
    for (int m = 30; m < 60; m += 4) {
      after.add(RowMapper.map(Samples.window("upg", "alice", hour.plusSeconds(60L * m), m * 0.2, 3.5), SRC).get(0));
    }
    try (Connection c = PG.connect(old)) {
      new BatchWriter(true, true, new OffsetStore("test"), rejected -> { })
          .write(c, new Batch(after, List.of(), Map.of(), Map.of()));
    }
    assertRollupMatchesWindows(old, "upg", 1);
  }

  /** quality_1h equals the GROUP BY over quality_windows_1m for the streams with this prefix. */
  private static void assertRollupMatchesWindows(String database, String streamPrefix, int groups) throws SQLException {
    // Averages are summed in a different order by the two: compare floats rounded to 9 digits.
    String floats = "round(la::numeric, 9), round(lm::numeric, 9), round(ja::numeric, 9), round(jm::numeric, 9),"
        + " round(ra::numeric, 9), round(rm::numeric, 9), round(ba::numeric, 9), round(ma::numeric, 9), round(mm::numeric, 9)";
    String expected = "SELECT tenant, stream_id, p, k, b, w, s, " + floats + " FROM (SELECT tenant, stream_id,"
        + " coalesce(participant_id, '') p, coalesce(kind, '') k,"
        + " date_bin(INTERVAL '1 hour', window_start, TIMESTAMPTZ '2000-01-01 00:00:00+00') b, count(*) w, sum(count) s,"
        + " sum(loss_pct_avg * count) / sum(count) FILTER (WHERE loss_pct_avg IS NOT NULL) la, max(loss_pct_max) lm,"
        + " sum(jitter_ms_avg * count) / sum(count) FILTER (WHERE jitter_ms_avg IS NOT NULL) ja, max(jitter_ms_max) jm,"
        + " sum(rtt_ms_avg * count) / sum(count) FILTER (WHERE rtt_ms_avg IS NOT NULL) ra, max(rtt_ms_max) rm,"
        + " sum(bitrate_kbps_avg * count) / sum(count) FILTER (WHERE bitrate_kbps_avg IS NOT NULL) ba,"
        + " sum(mos_avg * count) / sum(count) FILTER (WHERE mos_avg IS NOT NULL) ma, min(mos_min) mm"
        + " FROM quality_windows_1m WHERE stream_id LIKE '" + streamPrefix + "%' GROUP BY 1, 2, 3, 4, 5) g";
    String actual = "SELECT tenant, stream_id, participant_id, kind, bucket, windows, samples, " + floats
        + " FROM (SELECT tenant, stream_id, participant_id, kind, bucket, windows, samples, loss_pct_avg la,"
        + " loss_pct_max lm, jitter_ms_avg ja, jitter_ms_max jm, rtt_ms_avg ra, rtt_ms_max rm, bitrate_kbps_avg ba,"
        + " mos_avg ma, mos_min mm FROM quality_1h WHERE stream_id LIKE '" + streamPrefix + "%') r";
    try (Connection c = PG.connect(database)) {
      assertThat(Sql.count(c, "SELECT count(*) FROM (" + expected + ") e")).isEqualTo(groups);
      assertThat(Sql.count(c, "SELECT count(*) FROM (" + actual + ") a")).isEqualTo(groups);
      assertThat(Sql.count(c, "SELECT count(*) FROM ((" + expected + ") EXCEPT (" + actual + ")) d")).isZero();
      assertThat(Sql.count(c, "SELECT count(*) FROM ((" + actual + ") EXCEPT (" + expected + ")) d")).isZero();
    }
  }

  @Test
  void retentionRemovesOldRowsInBoundedBatchesAndKeepsRecentOnes() throws SQLException {
    Instant now = Instant.now();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      rows.add(RowMapper.map(Samples.quality("ret-old", now.minus(Duration.ofDays(8)).plusSeconds(i), 1), SRC).get(0));
      rows.add(RowMapper.map(Samples.window("ret-old", "alice", now.minus(Duration.ofDays(31)).plusSeconds(60L * i), 1, 4), SRC).get(0));
    }
    for (int i = 0; i < 5; i++) {
      rows.add(RowMapper.map(Samples.quality("ret-new", now.minus(Duration.ofDays(6)), 1), SRC).get(0));
      rows.add(RowMapper.map(Samples.window("ret-new", "alice", now.minus(Duration.ofDays(29)).plusSeconds(60L * i), 1, 4), SRC).get(0));
    }
    write(rows);
    var job = new RetentionJob(RetentionJob.rules(StorageSettings.defaults()), 7);
    Map<String, Long> deleted = job.runOnce(() -> {
      try {
        return PG.connect(db);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }, now);
    assertThat(deleted.get("quality_samples")).isGreaterThanOrEqualTo(25);
    assertThat(count("SELECT count(*) FROM quality_samples WHERE stream_id = 'ret-old'")).isZero();
    assertThat(count("SELECT count(*) FROM quality_samples WHERE stream_id = 'ret-new'")).isEqualTo(5);
    assertThat(count("SELECT count(*) FROM quality_windows_1m WHERE stream_id = 'ret-old'")).isZero();
    assertThat(count("SELECT count(*) FROM quality_windows_1m WHERE stream_id = 'ret-new'")).isEqualTo(5);
  }
}

package io.vigil.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.sink.migrate.Migrations;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Plain-PostgreSQL mode: the quality_1h table equals a GROUP BY over the windows; retention removes old rows. */
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
    // Three batches over three hours and two streams, written in pieces so groups are recomputed several times.
    for (int batch = 0; batch < 3; batch++) {
      List<Row> rows = new ArrayList<>();
      for (int m = 0; m < 150; m += 7) {
        for (String stream : List.of("roll-a", "roll-b")) {
          for (String who : List.of("alice", "bob")) {
            Instant start = base.plus(m + batch * 2L, ChronoUnit.MINUTES);
            rows.add(RowMapper.map(Samples.window(stream, who, start, (m % 11) * 0.7, 4.4 - (m % 5) * 0.3), SRC).get(0));
          }
        }
      }
      write(rows);
    }
    // Averages are summed in a different order by the two queries: compare floats rounded to 9 digits.
    String floats = "round(la::numeric, 9), round(lm::numeric, 9), round(ja::numeric, 9), round(jm::numeric, 9),"
        + " round(ra::numeric, 9), round(rm::numeric, 9), round(ba::numeric, 9), round(ma::numeric, 9), round(mm::numeric, 9)";
    String expected = "SELECT tenant, stream_id, p, k, b, w, s, " + floats + " FROM (SELECT tenant, stream_id,"
        + " coalesce(participant_id, '') p, coalesce(kind, '') k,"
        + " date_bin(INTERVAL '1 hour', window_start, TIMESTAMPTZ '2000-01-01 00:00:00+00') b, count(*) w, sum(count) s,"
        + " sum(loss_pct_avg * count) / sum(count) la, max(loss_pct_max) lm,"
        + " sum(jitter_ms_avg * count) / sum(count) ja, max(jitter_ms_max) jm,"
        + " sum(rtt_ms_avg * count) / sum(count) ra, max(rtt_ms_max) rm, sum(bitrate_kbps_avg * count) / sum(count) ba,"
        + " sum(mos_avg * count) / sum(count) ma, min(mos_min) mm"
        + " FROM quality_windows_1m WHERE stream_id LIKE 'roll-%' GROUP BY 1, 2, 3, 4, 5) g";
    String actual = "SELECT tenant, stream_id, participant_id, kind, bucket, windows, samples, " + floats
        + " FROM (SELECT tenant, stream_id, participant_id, kind, bucket, windows, samples, loss_pct_avg la,"
        + " loss_pct_max lm, jitter_ms_avg ja, jitter_ms_max jm, rtt_ms_avg ra, rtt_ms_max rm, bitrate_kbps_avg ba,"
        + " mos_avg ma, mos_min mm FROM quality_1h WHERE stream_id LIKE 'roll-%') r";
    assertThat(count("SELECT count(*) FROM (" + expected + ") e")).isEqualTo(12); // 3 hours x 2 streams x 2 people
    assertThat(count("SELECT count(*) FROM (" + actual + ") a")).isEqualTo(12);
    assertThat(count("SELECT count(*) FROM ((" + expected + ") EXCEPT (" + actual + ")) d")).isZero();
    assertThat(count("SELECT count(*) FROM ((" + actual + ") EXCEPT (" + expected + ")) d")).isZero();
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

package io.vigil.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.sink.migrate.Migrations;
import io.vigil.sink.migrate.StorageMode;
import io.vigil.sink.rows.Row;
import io.vigil.sink.rows.RowMapper;
import io.vigil.sink.rows.SourceRecord;
import io.vigil.sink.write.Batch;
import io.vigil.sink.write.BatchWriter;
import io.vigil.sink.write.OffsetStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * TimescaleDB mode for real, against TimescaleDB 2.23 in pglite (one connection, no COPY, no background workers):
 * migrations create hypertables, compression, policies and the continuous aggregate; the INSERT path writes; a chunk
 * is compressed, the aggregate refreshed, retention applied by running its job; the API's queries run.
 */
@Tag("timescaledb")
class TimescaleIT {
  private static final SourceRecord SRC = new SourceRecord("t", 0, 0, null, new byte[0]);
  private static PgliteServer server;
  private static Connection c;

  @BeforeAll
  static void start() throws Exception {
    server = PgliteServer.start();
    c = server.connect();
  }

  @AfterAll
  static void stop() throws Exception {
    if (c != null) {
      c.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void timescaleModeEndToEnd() throws Exception {
    assertThat(Migrations.run(PgliteServer.singleConnection(c))).isEqualTo(StorageMode.TIMESCALEDB);
    c.setAutoCommit(true);
    assertThat(Sql.count(c, "SELECT count(*) FROM timescaledb_information.hypertables")).isEqualTo(6);
    assertThat(Sql.count(c, "SELECT count(*) FROM timescaledb_information.hypertables WHERE hypertable_name = 'metric_windows'"))
        .isEqualTo(1);
    assertThat(Sql.count(c, "SELECT count(*) FROM timescaledb_information.continuous_aggregates WHERE view_name = 'quality_1h'"))
        .isEqualTo(1);
    // Running again (every sink start) must be a no-op.
    assertThat(Migrations.run(PgliteServer.singleConnection(c))).isEqualTo(StorageMode.TIMESCALEDB);
    c.setAutoCommit(true);

    Instant now = Instant.now();
    Instant hour = now.truncatedTo(ChronoUnit.HOURS);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      rows.add(RowMapper.map(Samples.quality("ts-old", now.minus(Duration.ofDays(8)).plusSeconds(i), 1), SRC).get(0));
      rows.add(RowMapper.map(Samples.quality("ts-a", now.minus(Duration.ofDays(2)).plusSeconds(i), i % 10), SRC).get(0));
      rows.add(RowMapper.map(Samples.quality("ts-a", now.minusSeconds(i), i % 10), SRC).get(0));
    }
    for (int m = 0; m < 120; m += 5) {
      rows.add(RowMapper.map(Samples.window("ts-a", "alice", hour.minus(Duration.ofHours(2)).plus(Duration.ofMinutes(m)),
          m % 7, 4.0 - (m % 3) * 0.2), SRC).get(0));
    }
    TopicPartition tp = new TopicPartition("vigil.quality.v1", 0);
    new BatchWriter(false, false, new OffsetStore("ts-test"), rejected -> { })
        .write(c, new Batch(rows, List.of(), Map.of(tp, 90L), new java.util.HashMap<>(java.util.Collections.singletonMap(tp, null))));
    c.setAutoCommit(true);
    assertThat(Sql.count(c, "SELECT count(*) FROM quality_samples")).isEqualTo(90);
    assertThat(Sql.count(c, "SELECT next_offset FROM sink_offsets WHERE consumer_group = 'ts-test'")).isEqualTo(90);

    // Compression: the chunk of two days ago, segmented by stream; rows stay readable.
    Sql.exec(c, "LOAD 'timescaledb-tsl-2.23.0-dev'");
    Sql.exec(c, "SELECT compress_chunk(ch) FROM show_chunks('quality_samples', older_than => now() - INTERVAL '1 day',"
        + " newer_than => now() - INTERVAL '3 days') ch");
    assertThat(Sql.count(c, "SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_name = 'quality_samples'"
        + " AND is_compressed")).isGreaterThanOrEqualTo(1);
    assertThat(Sql.count(c, "SELECT count(*) FROM quality_samples WHERE stream_id = 'ts-a'")).isEqualTo(60);

    // The continuous aggregate, refreshed, matches the GROUP BY over the windows.
    Sql.exec(c, "CALL refresh_continuous_aggregate('quality_1h', NULL, NULL)");
    assertThat(Sql.count(c, "SELECT count(*) FROM quality_1h WHERE stream_id = 'ts-a'")).isEqualTo(2);
    assertThat(Sql.count(c, "SELECT count(*) FROM (SELECT q.bucket FROM quality_1h q JOIN (SELECT date_bin(INTERVAL '1 hour',"
        + " window_start, TIMESTAMPTZ '2000-01-01') b, count(*) w, sum(count) s, sum(loss_pct_avg * count) / sum(count) la,"
        + " min(mos_min) mm FROM quality_windows_1m WHERE stream_id = 'ts-a' GROUP BY 1) g ON g.b = q.bucket"
        + " WHERE q.stream_id = 'ts-a' AND q.windows = g.w AND q.samples = g.s AND abs(q.loss_pct_avg - g.la) < 1e-9"
        + " AND q.mos_min = g.mm) m")).isEqualTo(2);

    // Retention: run the policy's job (pglite has no background workers).
    long job = Sql.count(c, "SELECT job_id FROM timescaledb_information.jobs WHERE proc_name = 'policy_retention'"
        + " AND hypertable_name = 'quality_samples'");
    Sql.exec(c, "CALL run_job(" + job + ")");
    assertThat(Sql.count(c, "SELECT count(*) FROM quality_samples WHERE stream_id = 'ts-old'")).isZero();
    assertThat(Sql.count(c, "SELECT count(*) FROM quality_samples WHERE stream_id = 'ts-a'")).isEqualTo(60);

    // The API's queries: buckets over samples, windows and the hourly rollup; the high-loss partial index query.
    try (PreparedStatement ps = c.prepareStatement("SELECT vigil_bucket(?::interval, ts) AS ts, count(*) AS samples,"
        + " avg(loss_pct) AS loss_pct_avg, max(loss_pct) AS loss_pct_max FROM quality_samples"
        + " WHERE stream_id = ? AND ts >= ? AND ts < ? GROUP BY 1 ORDER BY 1")) {
      ps.setString(1, "1 minute");
      ps.setString(2, "ts-a");
      ps.setTimestamp(3, Timestamp.from(now.minus(Duration.ofDays(3))));
      ps.setTimestamp(4, Timestamp.from(now.plusSeconds(1)));
      int buckets = 0;
      long samples = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          buckets++;
          samples += rs.getLong("samples");
        }
      }
      assertThat(samples).isEqualTo(60);
      assertThat(buckets).isBetween(2, 4);
    }
    assertThat(Sql.count(c, "SELECT sum(s) FROM (SELECT vigil_bucket(INTERVAL '1 hour', window_start) b, sum(count) s"
        + " FROM quality_windows_1m WHERE stream_id = 'ts-a' GROUP BY 1) x")).isEqualTo(24 * 6);
    assertThat(Sql.count(c, "SELECT sum(s) FROM (SELECT vigil_bucket(INTERVAL '1 day', bucket) b, sum(samples) s"
        + " FROM quality_1h WHERE stream_id = 'ts-a' GROUP BY 1) x")).isEqualTo(24 * 6);
    assertThat(Sql.count(c, "SELECT count(*) FROM quality_samples WHERE stream_id = 'ts-a' AND loss_pct > 5")).isEqualTo(24);
    // time_bucket with date_bin's origin: the same buckets as plain-PostgreSQL mode.
    assertThat(Sql.count(c, "SELECT count(*) WHERE vigil_bucket(INTERVAL '1 hour', TIMESTAMPTZ '2026-01-01 10:42:00+00')"
        + " = TIMESTAMPTZ '2026-01-01 10:00:00+00' AND vigil_bucket(INTERVAL '1 day', TIMESTAMPTZ '2026-01-07 10:42:00+00')"
        + " = date_bin(INTERVAL '1 day', TIMESTAMPTZ '2026-01-07 10:42:00+00', TIMESTAMPTZ '2000-01-01 00:00:00+00')"))
        .isEqualTo(1);
  }
}

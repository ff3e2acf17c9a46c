package io.vigil.queryapi.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.queryapi.sql.Db;
import io.vigil.queryapi.sql.Sql;
import io.vigil.queryapi.timerange.Resolution;
import io.vigil.queryapi.timerange.TimeRange;
import io.vigil.sink.migrate.Migrations;
import io.vigil.testkit.postgres.Postgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The minutes query (raw samples) must find its stream, range and participant in the one B-tree the sink maintains
 * for it. The hours query (1-minute windows) and the days query (hourly rollup) must stay answerable from the sink's
 * covering indexes alone: when a column a query reads is missing from the index, every point costs a heap page again
 * (measured on the 10 M sample bench: 112 pages per hours request, 278 per days request). Plans other than index
 * scans are disabled so the test checks coverage, not the planner's choice on a small table.
 */
class QualityQueryPlanTest {
  private static String db;
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MINUTES);
  private static final Resolution MINUTES = Resolution.choose(Duration.ofMinutes(15), "1m");
  private static final Resolution HOURS = Resolution.choose(Duration.ofHours(1), "1m");
  private static final Resolution DAYS = Resolution.choose(Duration.ofDays(7), "1h");

  @BeforeAll
  static void schemaAndWindows() throws Exception {
    db = Postgres.shared().newDatabase();
    Migrations.run(Postgres.shared().dataSource(db));
    try (Connection c = Postgres.shared().connect(db); Statement s = c.createStatement()) {
      // The test server commits asynchronously; VACUUM can only mark pages all-visible (which index-only scans
      // need) once the inserting commit is on disk.
      s.execute("SET synchronous_commit = on");
      s.execute("INSERT INTO quality_windows_1m (event_id, tenant, stream_id, participant_id, kind, window_start,"
          + " window_end, count, loss_pct_avg, loss_pct_max, jitter_ms_avg, jitter_ms_max, rtt_ms_avg, rtt_ms_max,"
          + " bitrate_kbps_avg, mos_avg, mos_min)"
          + " SELECT gen_random_uuid(), 't' || (st % 2), 's' || st, 'p' || p, 'audio', w, w + interval '1 minute', 6,"
          + " 1, 2, 3, 4, 5, 6, 7, 4.1, 3.9 FROM generate_series(0, 19) st, generate_series(0, 1) p,"
          + " generate_series(now() - interval '3 hours', now(), interval '1 minute') w");
      s.execute("INSERT INTO quality_1h (tenant, stream_id, participant_id, kind, bucket, windows, samples,"
          + " loss_pct_avg, loss_pct_max, jitter_ms_avg, jitter_ms_max, rtt_ms_avg, rtt_ms_max, bitrate_kbps_avg,"
          + " mos_avg, mos_min)"
          + " SELECT 't' || (st % 2), 's' || st, 'p' || p, 'audio', h, 60, 360, 1, 2, 3, 4, 5, 6, 7, 4.1, 3.9"
          + " FROM generate_series(0, 19) st, generate_series(0, 1) p,"
          + " generate_series(date_trunc('hour', now()) - interval '8 days', now(), interval '1 hour') h");
      s.execute("INSERT INTO quality_samples (event_id, ts, tenant, node_id, collector_seq, stream_id, participant_id,"
          + " kind, direction, source, loss_pct, jitter_ms, rtt_ms, bitrate_kbps, mos)"
          + " SELECT gen_random_uuid(), t, 't' || (st % 2), 'n1', 0, 's' || st, 'p' || p, 'audio', 'inbound', 'bench',"
          + " 1, 2, 3, 4, 4.2 FROM generate_series(0, 19) st, generate_series(0, 3) p,"
          + " generate_series(now() - interval '20 minutes', now(), interval '10 seconds') t");
      s.execute("VACUUM ANALYZE quality_samples");
      s.execute("VACUUM ANALYZE quality_windows_1m");
      s.execute("VACUUM ANALYZE quality_1h");
    }
  }

  @Test
  void minutesPerStreamAndPerParticipantShareOneRawIndex() throws Exception {
    assertThat(plan(MINUTES, filter(Optional.empty(), Optional.empty(), Optional.empty())))
        .contains("Index Scan using quality_samples_stream_ts_participant");
    // The participant is a bound of the index scan, so other participants' rows are skipped before the heap.
    assertThat(plan(MINUTES, filter(Optional.of("p1"), Optional.empty(), Optional.of("t1"))))
        .contains("Index Scan using quality_samples_stream_ts_participant")
        .containsPattern("Index Cond: .*participant_id = ");
  }

  @Test
  void rawSamplesKeepOneBTreeForTheApiAndOneForHighLoss() throws Exception {
    // Every index costs the sink on every sample row (V7): only the API's per-stream key and the partial high-loss
    // index are B-trees; time alone is BRIN (plain PostgreSQL) or the hypertable's own.
    try (Connection c = Postgres.shared().connect(db); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
             + " JOIN pg_am a ON a.oid = i.relam WHERE x.indrelid = 'quality_samples'::regclass AND a.amname = 'btree'"
             + " ORDER BY 1")) {
      List<String> names = new ArrayList<>();
      while (rs.next()) {
        names.add(rs.getString(1));
      }
      assertThat(names).containsExactly("quality_samples_high_loss", "quality_samples_stream_ts_participant");
    }
  }

  @Test
  void hoursPerStreamAreAnIndexOnlyScan() throws Exception {
    assertThat(plan(HOURS, filter(Optional.empty(), Optional.empty(), Optional.empty())))
        .contains("Index Only Scan using quality_windows_1m_stream_covering");
  }

  @Test
  void tenantParticipantAndKindFiltersStayIndexOnly() throws Exception {
    assertThat(plan(HOURS, filter(Optional.of("p1"), Optional.of("audio"), Optional.of("t1"))))
        .contains("Index Only Scan using quality_windows_1m_stream_covering");
  }

  @Test
  void daysPerStreamAreAnIndexOnlyScanOfTheRollup() throws Exception {
    assertThat(plan(DAYS, filter(Optional.empty(), Optional.empty(), Optional.empty())))
        .contains("Index Only Scan using quality_1h_stream_covering");
    assertThat(plan(DAYS, filter(Optional.of("p1"), Optional.of("audio"), Optional.of("t1"))))
        .contains("Index Only Scan using quality_1h_stream_covering");
  }

  @Test
  void rowsMergedInTheApiComeInIndexOrderWithoutASort() throws Exception {
    for (Resolution res : new Resolution[] {HOURS, DAYS}) {
      String plan = explain(QualityQueries.seriesRows(res, range(res), filter(Optional.of("p1"), Optional.empty(),
          Optional.of("t1")), 1000));
      assertThat(plan).as("%s", res).contains("Index Only Scan Backward using " + res.source().table)
          .doesNotContain("Sort");
    }
  }

  private static TimeRange range(Resolution res) {
    Duration span = res == MINUTES ? Duration.ofMinutes(15) : res == HOURS ? Duration.ofHours(1) : Duration.ofDays(7);
    return new TimeRange(NOW.minus(span), NOW);
  }

  private static QualityQueries.Filter filter(Optional<String> participant, Optional<String> kind,
      Optional<String> tenant) {
    return new QualityQueries.Filter("s3", participant, kind, tenant);
  }

  private static String plan(Resolution res, QualityQueries.Filter f) throws Exception {
    assertThat(res.source()).isEqualTo(res == MINUTES ? Resolution.Source.RAW
        : res == HOURS ? Resolution.Source.WINDOWS_1M : Resolution.Source.ROLLUP_1H);
    return explain(QualityQueries.bucketed(res, range(res), f));
  }

  private static String explain(Sql sql) throws Exception {
    try (Connection c = Postgres.shared().connect(db); Statement s = c.createStatement()) {
      s.execute("SET enable_seqscan = off");
      s.execute("SET enable_bitmapscan = off");
      try (PreparedStatement ps = Db.prepare(c, new Sql("EXPLAIN " + sql.text(), sql.params().toArray()))) {
        StringBuilder out = new StringBuilder();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.append(rs.getString(1)).append('\n');
          }
        }
        return out.toString();
      }
    }
  }
}

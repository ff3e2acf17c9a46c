package io.vigil.queryapi.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.queryapi.sql.Db;
import io.vigil.queryapi.timerange.Resolution;
import io.vigil.queryapi.timerange.TimeRange;
import io.vigil.sink.migrate.Migrations;
import io.vigil.testkit.postgres.Postgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Merging the windows' and rollup's rows here gives the points the SQL aggregate gives: same buckets, sample
 * counts, weighted averages, extremes and NULLs, with tenant, participant and kind filters.
 */
class SeriesMergeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant END = Instant.parse("2026-03-01T12:00:00Z");
  private static String db;

  @BeforeAll
  static void windowsAndRollup() throws Exception {
    db = Postgres.shared().newDatabase();
    Migrations.run(Postgres.shared().dataSource(db));
    try (Connection c = Postgres.shared().connect(db); Statement s = c.createStatement()) {
      // Deterministic values with the NULLs real windows have: video has no MOS, some windows no RTT, and one
      // participant's weights are zero in some windows.
      s.execute("INSERT INTO quality_windows_1m (event_id, tenant, stream_id, participant_id, kind, window_start,"
          + " window_end, count, loss_pct_avg, loss_pct_max, jitter_ms_avg, jitter_ms_max, rtt_ms_avg, rtt_ms_max,"
          + " bitrate_kbps_avg, mos_avg, mos_min)"
          + " SELECT gen_random_uuid(), 't' || (p % 2), 's1', 'p' || p, k, w, w + interval '1 minute',"
          + " CASE WHEN p = 2 AND i % 7 = 0 THEN 0 ELSE 1 + (i * 7 + p * 3) % 6 END,"
          + " ((i * 37 + p * 11) % 1000) / 97.0, ((i * 37 + p * 11) % 1000) / 43.0,"
          + " ((i * 13 + p) % 300) / 7.0, ((i * 13 + p) % 300) / 3.0,"
          + " CASE WHEN i % 5 = 0 THEN NULL ELSE ((i * 17 + p * 5) % 400) / 3.0 END,"
          + " CASE WHEN i % 5 = 0 THEN NULL ELSE ((i * 17 + p * 5) % 400) / 2.0 END,"
          + " ((i * 29 + p) % 900) / 1.3,"
          + " CASE WHEN k = 'video' THEN NULL ELSE 1 + ((i * 3 + p) % 35) / 10.0 END,"
          + " CASE WHEN k = 'video' THEN NULL ELSE 1 + ((i * 3 + p) % 30) / 10.0 END"
          + " FROM generate_series(0, 2) p, (VALUES ('audio'), ('video')) kinds(k),"
          + " generate_series(1, 300) i, LATERAL (SELECT TIMESTAMPTZ '2026-03-01 12:00:00+00' - i * interval '1 minute') ww(w)");
      s.execute("INSERT INTO quality_1h (tenant, stream_id, participant_id, kind, bucket, windows, samples,"
          + " loss_pct_avg, loss_pct_max, jitter_ms_avg, jitter_ms_max, rtt_ms_avg, rtt_ms_max, bitrate_kbps_avg,"
          + " mos_avg, mos_min)"
          + " SELECT tenant, stream_id, participant_id, kind, h, 60, 1 + (n * 7) % 300,"
          + " (n % 100) / 9.0, (n % 100) / 4.0, (n % 70) / 3.0, (n % 70) / 1.5,"
          + " CASE WHEN n % 4 = 0 THEN NULL ELSE (n % 300) / 7.0 END, CASE WHEN n % 4 = 0 THEN NULL ELSE n % 300 END,"
          + " (n % 500) * 1.7, CASE WHEN kind = 'video' THEN NULL ELSE 1 + (n % 35) / 10.0 END,"
          + " CASE WHEN kind = 'video' THEN NULL ELSE 1 + (n % 25) / 10.0 END"
          + " FROM (SELECT 't' || (p % 2) AS tenant, 's1' AS stream_id, 'p' || p AS participant_id, k AS kind,"
          + " TIMESTAMPTZ '2026-03-01 12:00:00+00' - i * interval '1 hour' AS h, i * 3 + p AS n"
          + " FROM generate_series(0, 2) p, (VALUES ('audio'), ('video')) kinds(k), generate_series(1, 200) i) r");
    }
  }

  @Test
  void hoursAtOneMinuteMatchTheSqlAggregate() throws Exception {
    assertSameAsSql(Duration.ofHours(3), "1m", filter(null, null, null));
  }

  @Test
  void daysAtOneHourMatchTheSqlAggregate() throws Exception {
    assertSameAsSql(Duration.ofDays(7), "1h", filter(null, null, null));
  }

  @Test
  void filtersMatchTheSqlAggregate() throws Exception {
    assertSameAsSql(Duration.ofHours(3), "1m", filter("p2", "audio", null));
    assertSameAsSql(Duration.ofDays(7), "1h", filter(null, "video", "t1"));
    assertSameAsSql(Duration.ofDays(7), "1h", filter("p1", null, "t1"));
  }

  @Test
  void aStreamWithMoreRowsThanTheLimitIsLeftToSql() throws Exception {
    Resolution res = Resolution.choose(Duration.ofDays(7), "1h");
    TimeRange range = new TimeRange(END.minus(Duration.ofDays(7)), END);
    try (Connection c = Postgres.shared().connect(db);
         PreparedStatement ps = Db.prepare(c, QualityQueries.seriesRows(res, range, filter(null, null, null), 1000));
         ResultSet rs = ps.executeQuery()) {
      assertThat(SeriesMerge.read(rs, res.bucket(), 999)).isEmpty();
    }
  }

  @Test
  void bucketStartsAreVigilBucketStarts() throws Exception {
    String[] instants = {"2026-03-01T11:59:59.999999Z", "1999-12-31T23:59:30Z", "2026-03-01T00:07:00Z",
        "1970-01-01T00:00:00Z", "2031-07-04T13:14:15.5Z"};
    Duration[] buckets = {Duration.ofMinutes(1), Duration.ofMinutes(7), Duration.ofHours(1), Duration.ofHours(6),
        Duration.ofDays(1), Duration.ofSeconds(10)};
    try (Connection c = Postgres.shared().connect(db);
         PreparedStatement ps = c.prepareStatement("SELECT vigil_bucket(make_interval(secs => ?), ?)")) {
      for (String i : instants) {
        for (Duration b : buckets) {
          ps.setLong(1, b.toSeconds());
          ps.setTimestamp(2, Timestamp.from(Instant.parse(i)));
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            assertThat(SeriesMerge.bucketStart(Instant.parse(i), b)).as("%s at %s", i, b)
                .isEqualTo(rs.getTimestamp(1).toInstant());
          }
        }
      }
    }
  }

  @Test
  void onlyBucketsOfTheTablesOwnGranularityAreMergedHere() {
    assertThat(QualitySeries.mergesHere(Resolution.choose(Duration.ofHours(1), "1m"))).isTrue();
    assertThat(QualitySeries.mergesHere(Resolution.choose(Duration.ofDays(7), "1h"))).isTrue();
    assertThat(QualitySeries.mergesHere(Resolution.choose(Duration.ofHours(1), "5m"))).isFalse();
    assertThat(QualitySeries.mergesHere(Resolution.choose(Duration.ofDays(7), "6h"))).isFalse();
    assertThat(QualitySeries.mergesHere(Resolution.choose(Duration.ofMinutes(10), "10s"))).isFalse();
  }

  private static QualityQueries.Filter filter(String participant, String kind, String tenant) {
    return new QualityQueries.Filter("s1", Optional.ofNullable(participant), Optional.ofNullable(kind),
        Optional.ofNullable(tenant));
  }

  private static void assertSameAsSql(Duration span, String bucket, QualityQueries.Filter f) throws Exception {
    Resolution res = Resolution.choose(span, bucket);
    assertThat(QualitySeries.mergesHere(res)).isTrue();
    TimeRange range = new TimeRange(END.minus(span), END);
    JsonNode sql;
    JsonNode merged;
    try (Connection c = Postgres.shared().connect(db)) {
      try (PreparedStatement ps = Db.prepare(c, QualityQueries.bucketed(res, range, f)); ResultSet rs = ps.executeQuery()) {
        sql = json(QualityPoints.read(rs));
      }
      try (PreparedStatement ps = Db.prepare(c, QualityQueries.seriesRows(res, range, f, 100_000));
           ResultSet rs = ps.executeQuery()) {
        merged = json(SeriesMerge.read(rs, res.bucket(), 100_000).orElseThrow());
      }
    }
    assertThat(sql.size()).as("points").isGreaterThan(2);
    assertThat(merged).isEqualTo(sql);
  }

  private static JsonNode json(QualityPoints points) throws Exception {
    return JSON.readTree(JSON.writeValueAsString(Map.of("p", points))).get("p");
  }
}

package io.vigil.bench.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Fills a database with the sink's schema and N quality samples (10 s apart, 2 participants per stream, ending now),
 * then derives the 1-minute windows and the 1-hour rollup from them the way the pipeline would.
 */
final class BenchData {
  private BenchData() {}

  static void schema(Connection c, Path migrations) throws IOException, SQLException {
    try (Stream<Path> files = Files.list(migrations); Statement s = c.createStatement()) {
      // The embedded server commits asynchronously, and VACUUM cannot mark a page all-visible while the commit of
      // its rows is not yet on disk: the loaded tables' visibility maps stayed empty, and every index-only scan of
      // the API's queries visited the heap for each row (280 heap fetches per 7-day request) as production, which
      // commits synchronously, would not.
      s.execute("SET synchronous_commit = on");
      for (Path p : files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql"))
          .sorted((a, b) -> Integer.compare(version(a), version(b))).toList()) {
        s.execute(Files.readString(p));
      }
    }
  }

  private static int version(Path p) {
    String n = p.getFileName().toString();
    return Integer.parseInt(n.substring(1, n.indexOf("__")));
  }

  /** Inserts streams x 2 x steps samples; returns the number of rows. */
  static long samples(Connection c, int streams, long samples) throws SQLException {
    long steps = Math.max(1, samples / (streams * 2L));
    // One stream at a time keeps each statement's memory small and shows progress.
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO quality_samples (event_id, ts, tenant, node_id,"
        + " collector_seq, stream_id, participant_id, track_id, kind, direction, source, interval_ms,"
        + " packets_received, packets_lost, loss_pct, jitter_ms, rtt_ms, bitrate_kbps, mos)"
        + " SELECT gen_random_uuid(), date_trunc('minute', now()) - i * interval '10 seconds', 'default',"
        + " 'node-' || (? % 8), i, ?, 'p' || p, 't' || p, 'audio', 'inbound', 'browser', 10000, 500,"
        + " (random() * 10)::int, random() * 4, random() * 40, 50 + random() * 200, 32 + random() * 32,"
        + " 3.2 + random() * 1.2 FROM generate_series(0, ? - 1) i, generate_series(0, 1) p")) {
      for (int s = 0; s < streams; s++) {
        ps.setInt(1, s);
        ps.setString(2, "bench-" + s);
        ps.setLong(3, steps);
        ps.executeUpdate();
      }
    }
    return steps * streams * 2;
  }

  static void windowsAndRollup(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("INSERT INTO quality_windows_1m (event_id, tenant, stream_id, participant_id, kind, window_start,"
          + " window_end, count, loss_pct_min, loss_pct_avg, loss_pct_max, jitter_ms_avg, jitter_ms_max, rtt_ms_avg,"
          + " rtt_ms_max, bitrate_kbps_avg, mos_avg, mos_min)"
          + " SELECT gen_random_uuid(), tenant, stream_id, participant_id, kind, b, b + interval '1 minute', count(*),"
          + " min(loss_pct), avg(loss_pct), max(loss_pct), avg(jitter_ms), max(jitter_ms), avg(rtt_ms), max(rtt_ms),"
          + " avg(bitrate_kbps), avg(mos), min(mos) FROM (SELECT *, vigil_bucket('1 minute', ts) AS b"
          + " FROM quality_samples) q GROUP BY tenant, stream_id, participant_id, kind, b");
      s.execute("INSERT INTO quality_1h (tenant, stream_id, participant_id, kind, bucket, windows, samples,"
          + " loss_pct_avg, loss_pct_max, jitter_ms_avg, jitter_ms_max, rtt_ms_avg, rtt_ms_max, bitrate_kbps_avg,"
          + " mos_avg, mos_min) SELECT tenant, stream_id, participant_id, kind, vigil_bucket('1 hour', window_start),"
          + " count(*), sum(count), sum(loss_pct_avg * count) / sum(count), max(loss_pct_max),"
          + " sum(jitter_ms_avg * count) / sum(count), max(jitter_ms_max), sum(rtt_ms_avg * count) / sum(count),"
          + " max(rtt_ms_max), avg(bitrate_kbps_avg), sum(mos_avg * count) / sum(count), min(mos_min)"
          + " FROM quality_windows_1m GROUP BY 1, 2, 3, 4, 5");
      s.execute("VACUUM ANALYZE quality_samples");
      s.execute("VACUUM ANALYZE quality_windows_1m");
      s.execute("VACUUM ANALYZE quality_1h");
    }
  }

  /** Share of each table's pages marked all-visible (what index-only scans need to skip the heap), in percent. */
  static Map<String, Long> allVisiblePercent(Connection c) throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT relname,"
        + " round(100.0 * relallvisible / greatest(relpages, 1)) FROM pg_class"
        + " WHERE relname IN ('quality_samples', 'quality_windows_1m', 'quality_1h') ORDER BY relname")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2));
      }
    }
    return out;
  }
}

package io.vigil.queryapi.health;

import io.vigil.queryapi.sql.Sql;
import java.util.Optional;

/** Latest-health-per-instance queries over health_samples. */
public final class HealthQueries {
  static final String LATEST = "SELECT * FROM (SELECT DISTINCT ON (node_id, component, instance)"
      + " ts, tenant, node_id, component, instance, stream_id, status, exit_code, cpu_pct, rss_mb, threads, uptime_s,"
      + " fps, speed, bitrate_kbps, out_time_ms, frames, drop_frames, dup_frames, restarts, producers, consumers,"
      + " disk_used_mb, disk_free_mb, recording_segments, oldest_segment_age_s, labels, extra,"
      + " extract(epoch FROM now() - ts) AS age_s"
      + " FROM health_samples WHERE ts > now() - (? * interval '1 second')";

  private HealthQueries() {}

  /** Latest sample per (node, component, instance) seen within the lookback, filtered by the given condition. */
  public static Sql latest(long lookbackSeconds, Optional<String> tenant, String condition, Object... params) {
    Sql sql = new Sql(LATEST, lookbackSeconds);
    sql.addIf(tenant, "AND tenant = ?");
    if (condition != null) {
      sql.add("AND " + condition, params);
    }
    return sql.add("ORDER BY node_id, component, instance, ts DESC) latest ORDER BY node_id, component, instance");
  }
}

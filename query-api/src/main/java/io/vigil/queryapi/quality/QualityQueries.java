package io.vigil.queryapi.quality;

import io.vigil.queryapi.sql.Sql;
import io.vigil.queryapi.timerange.Resolution;
import io.vigil.queryapi.timerange.TimeRange;
import java.util.Optional;

/**
 * Builds the bucketed quality query for each source table. All three return the same columns, so the client does not
 * care which table answered; averages over windows and rollups are weighted by sample count.
 */
public final class QualityQueries {
  private QualityQueries() {}

  /** Filters shared by the per-stream and per-participant queries. */
  public record Filter(String streamId, Optional<String> participant, Optional<String> kind,
      Optional<String> tenant) {}

  public static Sql bucketed(Resolution res, TimeRange range, Filter f) {
    String interval = res.bucket().toSeconds() + " seconds";
    Sql sql;
    switch (res.source()) {
      case RAW -> {
        sql = new Sql("SELECT vigil_bucket(?::interval, ts) AS ts, count(*) AS samples,"
            + " avg(loss_pct) AS loss_pct_avg, max(loss_pct) AS loss_pct_max,"
            + " avg(jitter_ms) AS jitter_ms_avg, max(jitter_ms) AS jitter_ms_max,"
            + " avg(rtt_ms) AS rtt_ms_avg, max(rtt_ms) AS rtt_ms_max,"
            + " avg(bitrate_kbps) AS bitrate_kbps_avg, avg(mos) AS mos_avg, min(mos) AS mos_min"
            + " FROM quality_samples WHERE stream_id = ? AND ts >= ? AND ts < ?",
            interval);
        sql.params().add(f.streamId());
        sql.params().add(range.from());
        sql.params().add(range.to());
      }
      case WINDOWS_1M -> {
        sql = new Sql("SELECT vigil_bucket(?::interval, window_start) AS ts, sum(count) AS samples,"
            + " sum(loss_pct_avg * count) / nullif(sum(count) FILTER (WHERE loss_pct_avg IS NOT NULL), 0) AS loss_pct_avg,"
            + " max(loss_pct_max) AS loss_pct_max,"
            + " sum(jitter_ms_avg * count) / nullif(sum(count) FILTER (WHERE jitter_ms_avg IS NOT NULL), 0) AS jitter_ms_avg,"
            + " max(jitter_ms_max) AS jitter_ms_max,"
            + " sum(rtt_ms_avg * count) / nullif(sum(count) FILTER (WHERE rtt_ms_avg IS NOT NULL), 0) AS rtt_ms_avg,"
            + " max(rtt_ms_max) AS rtt_ms_max,"
            + " sum(bitrate_kbps_avg * count) / nullif(sum(count) FILTER (WHERE bitrate_kbps_avg IS NOT NULL), 0) AS bitrate_kbps_avg,"
            + " sum(mos_avg * count) / nullif(sum(count) FILTER (WHERE mos_avg IS NOT NULL), 0) AS mos_avg,"
            + " min(mos_min) AS mos_min"
            + " FROM quality_windows_1m WHERE stream_id = ? AND window_start >= ? AND window_start < ?",
            interval);
        sql.params().add(f.streamId());
        sql.params().add(range.from());
        sql.params().add(range.to());
      }
      default -> {
        sql = new Sql("SELECT vigil_bucket(?::interval, bucket) AS ts, sum(samples) AS samples,"
            + " sum(loss_pct_avg * samples) / nullif(sum(samples) FILTER (WHERE loss_pct_avg IS NOT NULL), 0) AS loss_pct_avg,"
            + " max(loss_pct_max) AS loss_pct_max,"
            + " sum(jitter_ms_avg * samples) / nullif(sum(samples) FILTER (WHERE jitter_ms_avg IS NOT NULL), 0) AS jitter_ms_avg,"
            + " max(jitter_ms_max) AS jitter_ms_max,"
            + " sum(rtt_ms_avg * samples) / nullif(sum(samples) FILTER (WHERE rtt_ms_avg IS NOT NULL), 0) AS rtt_ms_avg,"
            + " max(rtt_ms_max) AS rtt_ms_max,"
            + " sum(bitrate_kbps_avg * samples) / nullif(sum(samples) FILTER (WHERE bitrate_kbps_avg IS NOT NULL), 0) AS bitrate_kbps_avg,"
            + " sum(mos_avg * samples) / nullif(sum(samples) FILTER (WHERE mos_avg IS NOT NULL), 0) AS mos_avg,"
            + " min(mos_min) AS mos_min"
            + " FROM quality_1h WHERE stream_id = ? AND bucket >= ? AND bucket < ?",
            interval);
        sql.params().add(f.streamId());
        sql.params().add(range.from());
        sql.params().add(range.to());
      }
    }
    sql.addIf(f.tenant(), "AND tenant = ?");
    sql.addIf(f.participant(), "AND participant_id = ?");
    sql.addIf(f.kind(), "AND kind = ?");
    return sql.add("GROUP BY 1 ORDER BY 1");
  }

  public static Sql highLoss(String streamId, double threshold, TimeRange range, Optional<String> tenant) {
    Sql sql = new Sql("SELECT ts, participant_id, track_id, kind, direction, node_id, loss_pct, packets_lost,"
        + " jitter_ms, rtt_ms, mos FROM quality_samples WHERE stream_id = ? AND ts >= ? AND ts < ? AND loss_pct > ?");
    sql.params().add(streamId);
    sql.params().add(range.from());
    sql.params().add(range.to());
    sql.params().add(threshold);
    sql.addIf(tenant, "AND tenant = ?");
    return sql.add("ORDER BY ts DESC");
  }
}

package io.vigil.sink.rollup;

import io.vigil.sink.rows.Row;
import io.vigil.sink.rows.Table;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The hourly rollup of 1-minute quality windows. One definition serves both storage modes: the TimescaleDB
 * continuous aggregate is created from {@link #SELECT}, and in PostgreSQL mode the sink recomputes the affected
 * (hour, stream) groups from the same SELECT inside the transaction that writes the windows.
 */
public final class Quality1h {
  /** Aggregates over quality_windows_1m; {@code %s} is the bucketing expression over window_start. */
  public static final String SELECT = "SELECT tenant, stream_id, coalesce(participant_id, '') AS participant_id,"
      + " coalesce(kind, '') AS kind, %s AS bucket, count(*) AS windows, sum(count) AS samples,"
      + " " + weighted("loss_pct_avg") + " AS loss_pct_avg, max(loss_pct_max) AS loss_pct_max,"
      + " " + weighted("jitter_ms_avg") + " AS jitter_ms_avg, max(jitter_ms_max) AS jitter_ms_max,"
      + " " + weighted("rtt_ms_avg") + " AS rtt_ms_avg, max(rtt_ms_max) AS rtt_ms_max,"
      + " " + weighted("bitrate_kbps_avg") + " AS bitrate_kbps_avg, " + weighted("mos_avg") + " AS mos_avg,"
      + " min(mos_min) AS mos_min FROM quality_windows_1m";

  /**
   * Averages are weighted by each window's sample count, so the API can combine hourly rows again with
   * sum(avg * samples) / sum(samples) and get the same answer as over the windows.
   */
  static String weighted(String column) {
    return "sum(" + column + " * count) / nullif(sum(count) FILTER (WHERE " + column + " IS NOT NULL), 0)";
  }

  public static final String GROUP_BY = " GROUP BY tenant, stream_id, coalesce(participant_id, ''), coalesce(kind, ''), %s";

  private static final String COLUMNS = "tenant, stream_id, participant_id, kind, bucket, windows, samples,"
      + " loss_pct_avg, loss_pct_max, jitter_ms_avg, jitter_ms_max, rtt_ms_avg, rtt_ms_max, bitrate_kbps_avg,"
      + " mos_avg, mos_min";

  private static final String BUCKET = "vigil_bucket(INTERVAL '1 hour', window_start)";

  static final String REFRESH = "INSERT INTO quality_1h (" + COLUMNS + ") "
      + String.format(SELECT, BUCKET)
      + " WHERE window_start >= ? AND window_start < ? AND stream_id = ANY(?)"
      + String.format(GROUP_BY, BUCKET)
      + " ON CONFLICT (tenant, stream_id, participant_id, kind, bucket) DO UPDATE SET windows = EXCLUDED.windows,"
      + " samples = EXCLUDED.samples, loss_pct_avg = EXCLUDED.loss_pct_avg, loss_pct_max = EXCLUDED.loss_pct_max,"
      + " jitter_ms_avg = EXCLUDED.jitter_ms_avg, jitter_ms_max = EXCLUDED.jitter_ms_max,"
      + " rtt_ms_avg = EXCLUDED.rtt_ms_avg, rtt_ms_max = EXCLUDED.rtt_ms_max,"
      + " bitrate_kbps_avg = EXCLUDED.bitrate_kbps_avg, mos_avg = EXCLUDED.mos_avg, mos_min = EXCLUDED.mos_min";

  private static final int STREAM_ID = Table.QUALITY_WINDOWS_1M.columns().indexOf("stream_id");
  private static final int WINDOW_START = Table.QUALITY_WINDOWS_1M.columns().indexOf("window_start");

  private Quality1h() {}

  /** The hours (UTC-aligned, like vigil_bucket) and streams a set of written window rows touches. Pure. */
  public static Map<Instant, Set<String>> affected(Collection<Row> windowRows) {
    Map<Instant, Set<String>> out = new TreeMap<>();
    for (Row r : windowRows) {
      Instant hour = Instant.parse(r.values()[WINDOW_START]).truncatedTo(ChronoUnit.HOURS);
      out.computeIfAbsent(hour, h -> new HashSet<>()).add(r.values()[STREAM_ID]);
    }
    return out;
  }

  /** Recomputes the rollup groups of the given hours and streams in the caller's transaction. */
  public static void refresh(Connection c, Map<Instant, Set<String>> affected) throws SQLException {
    if (affected.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(REFRESH)) {
      for (var e : affected.entrySet()) {
        Array streams = c.createArrayOf("text", e.getValue().toArray());
        ps.setTimestamp(1, Timestamp.from(e.getKey()));
        ps.setTimestamp(2, Timestamp.from(e.getKey().plus(1, ChronoUnit.HOURS)));
        ps.setArray(3, streams);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }
}

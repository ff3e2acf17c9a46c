package io.vigil.sink.rollup;

import io.vigil.sink.rows.Row;
import io.vigil.sink.rows.Table;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hourly rollup of 1-minute quality windows. In TimescaleDB mode it is a continuous aggregate created from
 * {@link #SELECT}. In PostgreSQL mode the sink adds each batch's windows to the stored rows, with the same arithmetic
 * as that SELECT, inside the transaction that writes the windows: the cost per window stays the same all hour, where
 * recomputing a group from all of its hour's windows grew with the minute of the hour.
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

  /** The rolled-up metrics: average weighted by samples, and the extreme kept beside it (null: none). */
  private enum Metric {
    LOSS("loss_pct", "loss_pct_max", true), JITTER("jitter_ms", "jitter_ms_max", true), RTT("rtt_ms", "rtt_ms_max", true),
    BITRATE("bitrate_kbps", null, true), MOS("mos", "mos_min", false);

    final String name;
    final String extreme;
    final boolean max;
    final int avgIndex;
    final int extremeIndex;

    Metric(String name, String extreme, boolean max) {
      this.name = name;
      this.extreme = extreme;
      this.max = max;
      this.avgIndex = Table.QUALITY_WINDOWS_1M.columns().indexOf(name + "_avg");
      this.extremeIndex = extreme == null ? -1 : Table.QUALITY_WINDOWS_1M.columns().indexOf(extreme);
    }

    static Metric named(String name) {
      for (Metric m : values()) {
        if (m.name.equals(name)) {
          return m;
        }
      }
      throw new IllegalArgumentException("not a rolled-up metric: " + name);
    }
  }

  private static final Metric[] METRICS = Metric.values();

  /**
   * Adds contributions to the stored rows; a group not yet stored is inserted as it is. One statement over column
   * arrays: measured with one window per group, a batch of single-row upserts took about 100 us per row.
   */
  static final String ADD;
  /** The SQL type of each column ADD takes, in order. */
  private static final String[] ADD_TYPES;

  static {
    StringBuilder cols = new StringBuilder("tenant, stream_id, participant_id, kind, bucket, windows, samples");
    List<String> types = new ArrayList<>(List.of("text", "text", "text", "text", "timestamptz", "int8", "int8"));
    StringBuilder set = new StringBuilder(" ON CONFLICT (tenant, stream_id, participant_id, kind, bucket) DO UPDATE SET"
        + " windows = q.windows + EXCLUDED.windows, samples = q.samples + EXCLUDED.samples");
    for (Metric m : METRICS) {
      String avg = m.name + "_avg";
      String weight = m.name + "_weight";
      cols.append(", ").append(avg).append(", ").append(weight);
      types.addAll(List.of("float8", "int8"));
      // Rows from before the weights existed (or written by hand) weigh their average by their sample count.
      set.append(", ").append(avg).append(" = vigil_merge_avg(q.").append(avg).append(", coalesce(q.").append(weight)
          .append(", CASE WHEN q.").append(avg).append(" IS NULL THEN 0 ELSE q.samples END), EXCLUDED.").append(avg)
          .append(", EXCLUDED.").append(weight).append(")");
      set.append(", ").append(weight).append(" = coalesce(q.").append(weight).append(", CASE WHEN q.").append(avg)
          .append(" IS NULL THEN 0 ELSE q.samples END) + EXCLUDED.").append(weight);
      if (m.extreme != null) {
        cols.append(", ").append(m.extreme);
        types.add("float8");
        set.append(", ").append(m.extreme).append(" = ").append(m.max ? "greatest" : "least").append("(q.")
            .append(m.extreme).append(", EXCLUDED.").append(m.extreme).append(")");
      }
    }
    ADD_TYPES = types.toArray(String[]::new);
    StringBuilder arrays = new StringBuilder();
    for (String type : ADD_TYPES) {
      arrays.append(arrays.isEmpty() ? "" : ", ").append("?::").append(type).append("[]");
    }
    ADD = "INSERT INTO quality_1h AS q (" + cols + ") SELECT * FROM unnest(" + arrays + ")" + set;
  }

  private static final int TENANT = Table.QUALITY_WINDOWS_1M.columns().indexOf("tenant");
  private static final int STREAM_ID = Table.QUALITY_WINDOWS_1M.columns().indexOf("stream_id");
  private static final int PARTICIPANT_ID = Table.QUALITY_WINDOWS_1M.columns().indexOf("participant_id");
  private static final int KIND = Table.QUALITY_WINDOWS_1M.columns().indexOf("kind");
  private static final int WINDOW_START = Table.QUALITY_WINDOWS_1M.columns().indexOf("window_start");
  private static final int COUNT = Table.QUALITY_WINDOWS_1M.columns().indexOf("count");

  private Quality1h() {}

  /** One rollup row's key: tenant, stream, participant and kind ('' when absent), UTC hour. */
  public record Group(String tenant, String streamId, String participantId, String kind, Instant hour) {}

  /**
   * What a set of windows adds to one rollup row: window and sample counts, per metric the sum of avg x count and the
   * count behind it (windows without the metric add nothing), and the extremes.
   */
  public static final class Contribution {
    long windows;
    long samples;
    final double[] weightedSums = new double[METRICS.length];
    final long[] weights = new long[METRICS.length];
    final Double[] extremes = new Double[METRICS.length];

    public long windows() {
      return windows;
    }

    public long samples() {
      return samples;
    }

    /** The average of a metric ("loss_pct", ...) over the contributing windows, null when none carried it. */
    public Double average(String metric) {
      return average(Metric.named(metric));
    }

    /** The extreme kept for a metric (max, min for MOS), null when none carried it. */
    public Double extreme(String metric) {
      return extremes[Metric.named(metric).ordinal()];
    }

    private Double average(Metric m) {
      int i = m.ordinal();
      return weights[i] == 0 ? null : weightedSums[i] / weights[i];
    }

    private void add(Object[] window) {
      long count = ((Number) window[COUNT]).longValue();
      windows++;
      samples += count;
      for (Metric m : METRICS) {
        int i = m.ordinal();
        Number avg = (Number) window[m.avgIndex];
        if (avg != null) {
          weightedSums[i] += avg.doubleValue() * count;
          weights[i] += count;
        }
        Number extreme = m.extremeIndex < 0 ? null : (Number) window[m.extremeIndex];
        if (extreme != null) {
          double v = extreme.doubleValue();
          extremes[i] = extremes[i] == null ? v : m.max ? Math.max(extremes[i], v) : Math.min(extremes[i], v);
        }
      }
    }
  }

  /** Groups written window rows into what they add to each rollup row (hours UTC-aligned, like vigil_bucket). Pure. */
  public static Map<Group, Contribution> contributions(Collection<Row> windowRows) {
    Map<Group, Contribution> out = new LinkedHashMap<>();
    for (Row r : windowRows) {
      Object[] v = r.values();
      Group g = new Group((String) v[TENANT], (String) v[STREAM_ID], v[PARTICIPANT_ID] == null ? "" : (String) v[PARTICIPANT_ID],
          v[KIND] == null ? "" : (String) v[KIND], ((Instant) v[WINDOW_START]).truncatedTo(ChronoUnit.HOURS));
      out.computeIfAbsent(g, k -> new Contribution()).add(v);
    }
    return out;
  }

  /** Adds the contributions to quality_1h in the caller's transaction. */
  public static void add(Connection c, Map<Group, Contribution> contributions) throws SQLException {
    if (contributions.isEmpty()) {
      return;
    }
    int n = contributions.size();
    Object[][] columns = new Object[ADD_TYPES.length][];
    for (int col = 0; col < columns.length; col++) {
      columns[col] = switch (ADD_TYPES[col]) {
        case "text" -> new String[n];
        case "timestamptz" -> new Timestamp[n];
        case "int8" -> new Long[n];
        default -> new Double[n];
      };
    }
    int row = 0;
    for (var e : contributions.entrySet()) {
      Group g = e.getKey();
      Contribution a = e.getValue();
      int col = 0;
      columns[col++][row] = g.tenant();
      columns[col++][row] = g.streamId();
      columns[col++][row] = g.participantId();
      columns[col++][row] = g.kind();
      columns[col++][row] = Timestamp.from(g.hour());
      columns[col++][row] = a.windows;
      columns[col++][row] = a.samples;
      for (Metric m : METRICS) {
        columns[col++][row] = a.average(m);
        columns[col++][row] = a.weights[m.ordinal()];
        if (m.extreme != null) {
          columns[col++][row] = a.extremes[m.ordinal()];
        }
      }
      row++;
    }
    try (PreparedStatement ps = c.prepareStatement(ADD)) {
      for (int col = 0; col < columns.length; col++) {
        ps.setArray(col + 1, c.createArrayOf(ADD_TYPES[col], columns[col]));
      }
      ps.execute();
    }
  }
}

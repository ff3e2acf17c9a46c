package io.vigil.queryapi.quality;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * Merges the rows of one bucket (one per participant and kind, from the 1-minute windows or the hourly rollup) into
 * the stream's point, as the SQL aggregate of {@link QualityQueries#bucketed} would: averages weighted by sample
 * count over the rows that have the metric, maxima of maxima, minima of minima, NULL where no row has the metric.
 * Used when the bucket equals the table's granularity (the chart's usual request, e.g. 7 days at 1 hour): PostgreSQL
 * then spent more on evaluating fifteen aggregates per row than on finding the rows, and handing it the rows in index
 * order to merge here halves the database's CPU per request.
 */
final class SeriesMerge {
  /** Output metrics, in the order of {@link QualityQueries#seriesRows} columns after ts and weight. */
  static final String[] METRICS = {"loss_pct_avg", "loss_pct_max", "jitter_ms_avg", "jitter_ms_max", "rtt_ms_avg",
      "rtt_ms_max", "bitrate_kbps_avg", "mos_avg", "mos_min"};

  /** {@link #METRICS} as JSON field names, encoded once. */
  private static final com.fasterxml.jackson.core.SerializableString[] NAMES = QualityPoints.names(METRICS);

  private enum Merge { WEIGHTED_AVG, MAX, MIN }

  private static final Merge[] MERGE = {Merge.WEIGHTED_AVG, Merge.MAX, Merge.WEIGHTED_AVG, Merge.MAX,
      Merge.WEIGHTED_AVG, Merge.MAX, Merge.WEIGHTED_AVG, Merge.WEIGHTED_AVG, Merge.MIN};

  /** vigil_bucket's origin (date_bin and time_bucket are both given 2000-01-01 UTC). */
  private static final long ORIGIN_MICROS = Instant.parse("2000-01-01T00:00:00Z").getEpochSecond() * 1_000_000L;

  private SeriesMerge() {}

  /**
   * Reads rows ordered by ts (ts, weight, then {@link #METRICS}) and merges them into points of {@code bucket}; empty
   * when there are more than maxRows (a stream with very many participants is left to the SQL aggregate, so this
   * path never holds an unbounded result in memory).
   */
  static Optional<QualityPoints> read(ResultSet rs, Duration bucket, int maxRows) throws SQLException {
    Points out = new Points(bucket);
    double[] row = new double[METRICS.length];
    boolean[] present = new boolean[METRICS.length];
    int rows = 0;
    while (rs.next()) {
      if (++rows > maxRows) {
        return Optional.empty();
      }
      Timestamp ts = rs.getTimestamp(1);
      long weight = rs.getLong(2);
      for (int m = 0; m < METRICS.length; m++) {
        row[m] = rs.getDouble(m + 3);
        present[m] = !rs.wasNull();
      }
      out.add(ts.toInstant(), weight, row, present);
    }
    return Optional.of(out.finish());
  }

  /** The start of the bucket holding t, as vigil_bucket computes it. Pure. */
  static Instant bucketStart(Instant t, Duration bucket) {
    long micros = t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    long stride = bucket.toNanos() / 1_000;
    long start = ORIGIN_MICROS + Math.floorDiv(micros - ORIGIN_MICROS, stride) * stride;
    return Instant.ofEpochSecond(Math.floorDiv(start, 1_000_000L), Math.floorMod(start, 1_000_000L) * 1_000);
  }

  /** Accumulates rows in time order; a new bucket start closes the previous point. */
  static final class Points {
    private final Duration bucket;
    private final List<Instant> ts = new ArrayList<>();
    private long[] samples = new long[64];
    private double[] values = new double[64 * METRICS.length];
    private final BitSet nulls = new BitSet();

    private Instant current;
    private long weightSum;
    private final double[] acc = new double[METRICS.length];
    private final double[] accWeight = new double[METRICS.length];
    private final boolean[] seen = new boolean[METRICS.length];

    Points(Duration bucket) {
      this.bucket = bucket;
    }

    void add(Instant t, long weight, double[] row, boolean[] present) {
      Instant start = bucketStart(t, bucket);
      if (!start.equals(current)) {
        close();
        current = start;
      }
      weightSum += weight;
      for (int m = 0; m < row.length; m++) {
        if (!present[m]) {
          continue;
        }
        switch (MERGE[m]) {
          case WEIGHTED_AVG -> {
            acc[m] += row[m] * weight;
            accWeight[m] += weight;
          }
          case MAX -> acc[m] = seen[m] ? Math.max(acc[m], row[m]) : row[m];
          case MIN -> acc[m] = seen[m] ? Math.min(acc[m], row[m]) : row[m];
        }
        seen[m] = true;
      }
    }

    QualityPoints finish() {
      close();
      return new QualityPoints(NAMES, ts, samples, values, nulls);
    }

    private void close() {
      if (current == null) {
        return;
      }
      int row = ts.size();
      if (row == samples.length) {
        samples = Arrays.copyOf(samples, row * 2);
        values = Arrays.copyOf(values, row * 2 * METRICS.length);
      }
      ts.add(current);
      samples[row] = weightSum;
      for (int m = 0; m < METRICS.length; m++) {
        int at = row * METRICS.length + m;
        boolean none = !seen[m] || (MERGE[m] == Merge.WEIGHTED_AVG && accWeight[m] == 0);
        if (none) {
          nulls.set(at);
        } else {
          values[at] = MERGE[m] == Merge.WEIGHTED_AVG ? acc[m] / accWeight[m] : acc[m];
        }
        acc[m] = 0;
        accWeight[m] = 0;
        seen[m] = false;
      }
      weightSum = 0;
      current = null;
    }
  }
}

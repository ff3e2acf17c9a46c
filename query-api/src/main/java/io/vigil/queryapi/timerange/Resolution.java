package io.vigil.queryapi.timerange;

import io.vigil.queryapi.problem.ApiException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chooses the table and bucket for a quality query: raw samples for minutes, 1-minute windows for hours, the 1-hour
 * rollup for days. A bucket finer than the table allows moves the query to a finer table when the range permits it.
 */
public record Resolution(Source source, Duration bucket) {
  /** Where quality points come from, finest first. */
  public enum Source {
    RAW("quality_samples", Duration.ZERO, Duration.ofHours(6)),
    WINDOWS_1M("quality_windows_1m", Duration.ofMinutes(1), Duration.ofDays(7)),
    ROLLUP_1H("quality_1h", Duration.ofHours(1), Duration.ofDays(3660));

    public final String table;
    public final Duration granularity;
    /** Longest range this table may serve, so a raw scan never covers days. */
    public final Duration maxRange;

    Source(String table, Duration granularity, Duration maxRange) {
      this.table = table;
      this.granularity = granularity;
      this.maxRange = maxRange;
    }
  }

  public static final long MAX_BUCKETS = 5_000;
  private static final Pattern SIZE = Pattern.compile("^(\\d{1,5})(s|m|h|d)$");

  /** Range thresholds for the automatic choice. */
  static final Duration RAW_UP_TO = Duration.ofMinutes(30);
  static final Duration WINDOWS_UP_TO = Duration.ofDays(2);

  public static Resolution choose(Duration range, String bucketParam) {
    Source byRange = range.compareTo(RAW_UP_TO) <= 0 ? Source.RAW
        : range.compareTo(WINDOWS_UP_TO) <= 0 ? Source.WINDOWS_1M : Source.ROLLUP_1H;
    Duration bucket = bucketParam == null || bucketParam.isBlank() ? autoBucket(range) : parseBucket(bucketParam);
    Source source = byRange;
    // A bucket finer than the table's granularity needs a finer table.
    while (source.ordinal() > 0 && bucket.compareTo(source.granularity) < 0) {
      source = Source.values()[source.ordinal() - 1];
    }
    if (bucket.compareTo(source.granularity) < 0 || range.compareTo(source.maxRange) > 0) {
      throw ApiException.badParam("bucket", "bucket " + bucketParam + " is too fine for a range of " + range);
    }
    if (source.granularity.compareTo(Duration.ZERO) > 0 && bucket.toSeconds() % source.granularity.toSeconds() != 0) {
      throw ApiException.badParam("bucket", "bucket must be a multiple of " + source.granularity + " for this range");
    }
    if (range.toSeconds() / bucket.toSeconds() > MAX_BUCKETS) {
      throw ApiException.badParam("bucket", "range/bucket gives more than " + MAX_BUCKETS + " buckets");
    }
    return new Resolution(source, bucket);
  }

  /** Roughly 60-120 points per chart, on round sizes. */
  static Duration autoBucket(Duration range) {
    long[] sizes = {10, 30, 60, 300, 600, 1800, 3600, 6 * 3600, 86400};
    for (long s : sizes) {
      if (range.toSeconds() / s <= 120) {
        return Duration.ofSeconds(s);
      }
    }
    return Duration.ofDays(1);
  }

  static Duration parseBucket(String v) {
    Matcher m = SIZE.matcher(v.trim());
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw ApiException.badParam("bucket", "bucket must look like 10s, 1m, 5m, 1h or 1d");
    }
    return TimeRange.unit(m.group(2)).multipliedBy(Long.parseLong(m.group(1)));
  }
}

package io.vigil.streams.window;

import java.time.Duration;

/** One tumbling window size with its label ("10s", "1m") and the pure assignment of a timestamp to a window. */
public record WindowSpec(String label, long sizeMs) {
  public static final WindowSpec TEN_SECONDS = new WindowSpec("10s", 10_000);
  public static final WindowSpec ONE_MINUTE = new WindowSpec("1m", 60_000);

  public long startOf(long ts) {
    return ts - Math.floorMod(ts, sizeMs);
  }

  public long endOf(long ts) {
    return startOf(ts) + sizeMs;
  }

  /** Store key: zero-padded end first, so a range scan from the lowest key visits windows in closing order. */
  public static String storeKey(long end, String window, String series) {
    String e = Long.toString(end);
    StringBuilder b = new StringBuilder(16 + window.length() + series.length());
    for (int i = e.length(); i < 13; i++) {
      b.append('0');
    }
    return b.append(e).append('|').append(window).append('|').append(series).toString();
  }

  /** The window label part of a store key ("10s", "1m"). */
  public static String labelOfKey(String key) {
    return key.substring(14, key.indexOf('|', 14));
  }

  /** The series part of a store key. */
  public static String seriesOfKey(String key) {
    return key.substring(key.indexOf('|', 14) + 1);
  }

  /** The end time encoded in a store key. */
  public static long endOfKey(String key) {
    return Long.parseLong(key.substring(0, 13));
  }

  /** True once the window can no longer receive on-time records. */
  public static boolean closed(long end, long streamTime, Duration grace) {
    return streamTime >= end + grace.toMillis();
  }
}

package io.vigil.alerting.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses Prometheus-style durations: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 2d}. */
public final class DurationParser {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");

  private DurationParser() {}

  public static Duration parse(String text) {
    String s = text.trim();
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = PART.matcher(s);
    int pos = 0;
    Duration total = Duration.ZERO;
    while (m.find()) {
      if (m.start() != pos) {
        break;
      }
      long n = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> Duration.ofDays(7 * n);
      });
      pos = m.end();
    }
    if (pos != s.length() || s.isEmpty()) {
      throw new IllegalArgumentException("'" + text + "' is not a duration (e.g. 250ms, 30s, 5m, 1h30m)");
    }
    return total;
  }
}

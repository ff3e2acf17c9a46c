package io.vigil.streams.rulefiles;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses Prometheus-style durations into seconds. */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private Durations() {}

  /** Seconds, or null when the text is not a duration. Plain numbers are seconds. */
  public static Long parseSeconds(String text) {
    String s = text.trim();
    if (s.matches("\\d+")) {
      return Long.parseLong(s);
    }
    Matcher m = PART.matcher(s);
    long ms = 0;
    int pos = 0;
    while (m.find() && m.start() == pos) {
      long n = Long.parseLong(m.group(1));
      ms += switch (m.group(2)) {
        case "ms" -> n;
        case "s" -> n * 1000;
        case "m" -> n * 60_000;
        case "h" -> n * 3_600_000;
        default -> n * 86_400_000;
      };
      pos = m.end();
    }
    return pos == s.length() && pos > 0 ? ms / 1000 : null;
  }
}

package io.vigil.testkit.grafana;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands Grafana's PostgreSQL macros and template variables the way Grafana's postgres datasource does, so a
 * dashboard's SQL can be run against a real database in a test.
 */
public final class GrafanaMacros {
  private static final Pattern TIME_FILTER = Pattern.compile("\\$__timeFilter\\(([^)]+)\\)");
  private static final Pattern TIME_GROUP_ALIAS = Pattern.compile("\\$__timeGroupAlias\\(([^,]+),\\s*([^)]+)\\)");
  private static final Pattern TIME_GROUP = Pattern.compile("\\$__timeGroup\\(([^,]+),\\s*([^)]+)\\)");
  private static final Pattern UNIX_EPOCH_FILTER = Pattern.compile("\\$__unixEpochFilter\\(([^)]+)\\)");

  private GrafanaMacros() {}

  public static String expand(String sql, Instant from, Instant to, long intervalSeconds, Map<String, String> variables) {
    String out = sql;
    out = replace(TIME_FILTER, out, m -> m.group(1).trim() + " BETWEEN '" + from + "' AND '" + to + "'");
    out = replace(TIME_GROUP_ALIAS, out, m -> group(m.group(1), m.group(2), intervalSeconds) + " AS \"time\"");
    out = replace(TIME_GROUP, out, m -> group(m.group(1), m.group(2), intervalSeconds));
    out = replace(UNIX_EPOCH_FILTER, out, m -> m.group(1).trim() + " >= " + from.getEpochSecond() + " AND "
        + m.group(1).trim() + " <= " + to.getEpochSecond());
    out = out.replace("$__timeFrom()", "'" + from + "'").replace("$__timeTo()", "'" + to + "'");
    out = out.replace("$__interval_ms", Long.toString(intervalSeconds * 1000)).replace("$__interval", intervalSeconds + "s");
    // Longest names first so $stream_name is not eaten by $stream.
    var names = variables.keySet().stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    for (String name : names) {
      String value = variables.get(name);
      out = out.replace("${" + name + "}", value).replace("$" + name, value);
    }
    if (out.contains("$")) {
      // A macro or variable Grafana would have expanded is left over: the dashboard uses something this test does not know.
      Matcher left = Pattern.compile("\\$\\{?[A-Za-z_]+").matcher(out);
      if (left.find()) {
        throw new IllegalArgumentException("unexpanded Grafana macro or variable " + left.group() + " in: " + sql);
      }
    }
    return out;
  }

  /** Grafana: $__timeGroup(col, '5m') -> floor(extract(epoch from col)/300)*300, as a timestamp. */
  private static String group(String column, String interval, long intervalSeconds) {
    String iv = interval.trim().replace("'", "");
    long seconds = iv.equals("$__interval") ? intervalSeconds : parseDuration(iv);
    return "to_timestamp(floor(extract(epoch from " + column.trim() + ")/" + seconds + ")*" + seconds + ")";
  }

  static long parseDuration(String text) {
    Matcher m = Pattern.compile("(\\d+)([smhd])").matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("unsupported interval '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> n;
      case "m" -> n * 60;
      case "h" -> n * 3600;
      default -> n * 86400;
    };
  }

  private interface Replacer {
    String apply(Matcher m);
  }

  private static String replace(Pattern p, String in, Replacer r) {
    Matcher m = p.matcher(in);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(r.apply(m)));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}

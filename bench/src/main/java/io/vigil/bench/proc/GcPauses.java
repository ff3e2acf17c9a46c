package io.vigil.bench.proc;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The GC pauses in a JVM's unified GC log ({@code -Xlog:gc:...:uptime,time}), so a benchmark can say whether a stall it
 * measured was a collection.
 */
public final class GcPauses {
  /** One pause: when it ended (epoch ms), how long it took, and its kind ("Pause Young (Allocation Failure)"). */
  public record Pause(long endedAtMs, double ms, String kind) {}

  private static final Pattern LINE = Pattern.compile(
      "^\\[([^\\]]+)\\]\\[[^\\]]*\\] GC\\(\\d+\\) (Pause [^)]*\\)).* ([0-9.]+)ms\\s*$");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

  private GcPauses() {}

  public static List<Pause> parse(String log) {
    List<Pause> out = new ArrayList<>();
    for (String line : log.split("\n")) {
      Matcher m = LINE.matcher(line);
      if (m.find()) {
        out.add(new Pause(OffsetDateTime.parse(m.group(1), TIME).toInstant().toEpochMilli(),
            Double.parseDouble(m.group(3)), m.group(2)));
      }
    }
    return out;
  }

  /** Count, total and longest pause (with its kind) of those that ended within [fromMs, toMs]. */
  public static Map<String, Object> summary(List<Pause> pauses, long fromMs, long toMs) {
    int n = 0;
    double total = 0;
    Pause longest = null;
    for (Pause p : pauses) {
      if (p.endedAtMs() < fromMs || p.endedAtMs() > toMs) {
        continue;
      }
      n++;
      total += p.ms();
      if (longest == null || p.ms() > longest.ms()) {
        longest = p;
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("pauses", n);
    out.put("total_ms", Math.round(total));
    out.put("max_ms", longest == null ? 0 : Math.round(longest.ms()));
    if (longest != null) {
      out.put("max_kind", longest.kind());
      out.put("max_s_into_window", Math.round((longest.endedAtMs() - fromMs) / 100.0) / 10.0);
    }
    return out;
  }
}

package io.vigil.streams.rulefiles;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * promtool's series notation: "1 2 3", "1x3" (1 four times), "1+2x3" (1 3 5 7), "_" (no sample), "_x3".
 * Returns one entry per step, null where there is no sample.
 */
public final class SeriesValues {
  private static final Pattern TERM = Pattern.compile("(_|-?[0-9.]+(?:e-?[0-9]+)?)(?:([+-][0-9.]+)?x([0-9]+))?");

  private SeriesValues() {}

  public static List<Double> expand(String text) {
    List<Double> out = new ArrayList<>();
    for (String term : text.trim().split("\\s+")) {
      if (term.isEmpty()) {
        continue;
      }
      Matcher m = TERM.matcher(term);
      if (!m.matches()) {
        throw new IllegalArgumentException("cannot read '" + term + "' (use 1, 1x3, 1+2x3, _ or _x3)");
      }
      boolean missing = m.group(1).equals("_");
      double start = missing ? 0 : Double.parseDouble(m.group(1));
      double step = m.group(2) == null ? 0 : Double.parseDouble(m.group(2));
      int repeat = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
      for (int i = 0; i <= repeat; i++) {
        out.add(missing ? null : start + step * i);
      }
    }
    return out;
  }
}

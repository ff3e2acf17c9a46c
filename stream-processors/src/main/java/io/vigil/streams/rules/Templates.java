package io.vigil.streams.rules;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders annotation templates in the Prometheus style subset operators actually use: {@code {{ $labels.name }}},
 * {@code {{ $value }}}, {@code {{ $threshold }}}. Unknown variables render as empty text rather than failing an alert.
 */
public final class Templates {
  private static final Pattern VAR = Pattern.compile("\\{\\{\\s*\\$(labels\\.([A-Za-z_][A-Za-z0-9_]*)|value|threshold)\\s*}}");

  private Templates() {}

  public static String render(String template, Map<String, String> labels, Double value, double threshold) {
    Matcher m = VAR.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group(2) != null) {
        replacement = labels.getOrDefault(m.group(2), "");
      } else if ("value".equals(m.group(1))) {
        replacement = value == null ? "" : number(value);
      } else {
        replacement = number(threshold);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Up to two decimals, no trailing zeros: 5.0 -> "5", 7.256 -> "7.26". */
  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    String s = String.format(Locale.ROOT, "%.2f", v);
    return s.replaceAll("0+$", "").replaceAll("\\.$", "");
  }

  /** Whether a template only uses supported variables; returns the first unsupported one, or null. */
  public static String firstUnsupported(String template) {
    Matcher any = Pattern.compile("\\{\\{(.*?)}}").matcher(template);
    while (any.find()) {
      if (!VAR.matcher(any.group()).matches()) {
        return any.group();
      }
    }
    return null;
  }
}

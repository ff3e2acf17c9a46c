package io.vigil.alerting.route;

import java.util.Map;
import java.util.regex.Pattern;

/** A label matcher as in Alertmanager: {@code name=value}, {@code !=}, {@code =~} (anchored regex), {@code !~}. */
public record LabelMatcher(String name, Op op, String value, Pattern pattern) {

  /** Matcher operators; the names are the ones stored in the silences table. */
  public enum Op { eq, ne, re, nre }

  public static LabelMatcher of(String name, Op op, String value) {
    Pattern p = (op == Op.re || op == Op.nre) ? Pattern.compile("^(?:" + value + ")$") : null;
    return new LabelMatcher(name, op, value, p);
  }

  /** Parses {@code name="value"}, {@code name!=value}, {@code name=~re}, {@code name!~re}. */
  public static LabelMatcher parse(String text) {
    String s = text.trim();
    if (s.startsWith("{") && s.endsWith("}")) {
      s = s.substring(1, s.length() - 1).trim();
    }
    int i = 0;
    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '.')) {
      i++;
    }
    String name = s.substring(0, i).trim();
    if (name.isEmpty()) {
      throw new IllegalArgumentException("matcher '" + text + "' has no label name");
    }
    String rest = s.substring(i).trim();
    Op op;
    if (rest.startsWith("=~")) {
      op = Op.re;
      rest = rest.substring(2);
    } else if (rest.startsWith("!~")) {
      op = Op.nre;
      rest = rest.substring(2);
    } else if (rest.startsWith("!=")) {
      op = Op.ne;
      rest = rest.substring(2);
    } else if (rest.startsWith("=")) {
      op = Op.eq;
      rest = rest.substring(1);
    } else {
      throw new IllegalArgumentException("matcher '" + text + "' needs one of = != =~ !~");
    }
    rest = rest.trim();
    if (rest.length() >= 2 && rest.startsWith("\"") && rest.endsWith("\"")) {
      rest = rest.substring(1, rest.length() - 1);
    }
    try {
      return of(name, op, rest);
    } catch (java.util.regex.PatternSyntaxException e) {
      throw new IllegalArgumentException("matcher '" + text + "' has an invalid regex: " + e.getDescription());
    }
  }

  /** A missing label matches as the empty string, as in Prometheus. */
  public boolean matches(Map<String, String> labels) {
    String v = labels.getOrDefault(name, "");
    return switch (op) {
      case eq -> v.equals(value);
      case ne -> !v.equals(value);
      case re -> pattern.matcher(v).matches();
      case nre -> !pattern.matcher(v).matches();
    };
  }

  public static boolean all(Iterable<LabelMatcher> matchers, Map<String, String> labels) {
    for (LabelMatcher m : matchers) {
      if (!m.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    String sym = switch (op) { case eq -> "="; case ne -> "!="; case re -> "=~"; case nre -> "!~"; };
    return name + sym + "\"" + value + "\"";
  }
}

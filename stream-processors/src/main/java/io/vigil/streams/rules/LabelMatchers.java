package io.vigil.streams.rules;

import io.vigil.schemas.avro.Matcher;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Prometheus label matchers (=, !=, =~, !~): regexes are anchored, a missing label matches as the empty string. */
public final class LabelMatchers {
  private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

  private LabelMatchers() {}

  public static boolean matchAll(List<Matcher> matchers, Map<String, String> labels) {
    for (Matcher m : matchers) {
      if (!matches(m, labels.getOrDefault(m.getLabel(), ""))) {
        return false;
      }
    }
    return true;
  }

  static boolean matches(Matcher m, String actual) {
    return switch (m.getOp()) {
      case eq -> actual.equals(m.getValue());
      case ne -> !actual.equals(m.getValue());
      case re -> pattern(m.getValue()).matcher(actual).matches();
      case nre -> !pattern(m.getValue()).matcher(actual).matches();
    };
  }

  /** Compiles (and caches) an anchored regex; throws PatternSyntaxException for invalid ones (checked at load). */
  public static Pattern pattern(String regex) {
    return PATTERNS.computeIfAbsent(regex, r -> Pattern.compile(r));
  }
}

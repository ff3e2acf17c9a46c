package io.vigil.queryapi.timerange;

import io.vigil.queryapi.problem.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A half-open [from, to) range parsed from ISO-8601 instants or relative offsets such as {@code -1h}, {@code -15m},
 * {@code -7d} or {@code now}.
 */
public record TimeRange(Instant from, Instant to) {
  private static final Pattern RELATIVE = Pattern.compile("^-(\\d{1,6})(s|m|h|d|w)$");

  /** Parses the pair; missing {@code to} means now, missing {@code from} means {@code defaultSpan} before to. */
  public static TimeRange parse(String from, String to, Duration defaultSpan, Instant now) {
    Instant end = blank(to) ? now : point("to", to, now);
    Instant start = blank(from) ? end.minus(defaultSpan) : point("from", from, now);
    if (!start.isBefore(end)) {
      throw ApiException.badParam("from", "from must be before to");
    }
    return new TimeRange(start, end);
  }

  public Duration span() {
    return Duration.between(from, to);
  }

  static Instant point(String param, String value, Instant now) {
    String v = value.trim();
    if (v.equals("now")) {
      return now;
    }
    Matcher m = RELATIVE.matcher(v);
    if (m.matches()) {
      return now.minus(unit(m.group(2)).multipliedBy(Long.parseLong(m.group(1))));
    }
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiException.badParam(param,
          param + " must be an ISO-8601 timestamp (2026-01-01T10:00:00Z) or relative (-1h, -15m, -7d, now)");
    }
  }

  static Duration unit(String u) {
    return switch (u) {
      case "s" -> Duration.ofSeconds(1);
      case "m" -> Duration.ofMinutes(1);
      case "h" -> Duration.ofHours(1);
      case "d" -> Duration.ofDays(1);
      default -> Duration.ofDays(7);
    };
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}

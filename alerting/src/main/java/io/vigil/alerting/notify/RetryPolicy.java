package io.vigil.alerting.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.random.RandomGenerator;

/** Pure retry rules: what to retry, and how long to wait (exponential backoff, full jitter, Retry-After wins). */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

  /** What to do with an HTTP status. */
  public enum Verdict { delivered, retry, reject }

  /** 429, 408 and 5xx are transient; every other non-success (400, 401, 403, 404...) will not get better. */
  public static Verdict classify(int status, boolean accepted) {
    if (accepted) {
      return Verdict.delivered;
    }
    if (status == 429 || status == 408 || status >= 500) {
      return Verdict.retry;
    }
    return Verdict.reject;
  }

  /** Delay before attempt {@code attempt + 1} (attempt counts from 1); a Retry-After header is honoured as given. */
  public Duration delay(int attempt, Duration retryAfter, RandomGenerator random) {
    if (retryAfter != null) {
      return retryAfter;
    }
    long cap = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() * (1L << Math.min(attempt - 1, 20)));
    // Full jitter, but never below half the step so a burst of failures spreads out without hammering.
    return Duration.ofMillis(cap / 2 + random.nextLong(cap / 2 + 1));
  }

  /** Parses Retry-After as delta seconds or an HTTP date; null when absent or unreadable. */
  public static Duration parseRetryAfter(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String h = header.trim();
    try {
      return Duration.ofMillis(Math.round(Double.parseDouble(h) * 1000));
    } catch (NumberFormatException e) {
      try {
        Instant at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(now, at);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }
}

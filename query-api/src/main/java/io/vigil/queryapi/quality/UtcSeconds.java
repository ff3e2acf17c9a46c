package io.vigil.queryapi.quality;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Formats a bucket start as {@link Instant#toString()} does ({@code 2026-01-01T10:00:00Z}) into a caller's buffer.
 * Bucket starts are whole seconds, and a series prints one per point; Instant's own formatter builds a LocalDateTime
 * and a StringBuilder for each.
 */
final class UtcSeconds {
  static final int CHARS = 20;

  private UtcSeconds() {}

  /** Writes t into buf and returns the length, or -1 for instants this fast path leaves to Instant.toString(). */
  static int format(Instant t, char[] buf) {
    if (t.getNano() != 0 || t.getEpochSecond() < 0) {
      return -1;
    }
    long days = Math.floorDiv(t.getEpochSecond(), 86_400);
    int secondOfDay = (int) Math.floorMod(t.getEpochSecond(), 86_400);
    LocalDate date = LocalDate.ofEpochDay(days);
    if (date.getYear() > 9999) {
      return -1;
    }
    four(buf, 0, date.getYear());
    buf[4] = '-';
    two(buf, 5, date.getMonthValue());
    buf[7] = '-';
    two(buf, 8, date.getDayOfMonth());
    buf[10] = 'T';
    two(buf, 11, secondOfDay / 3600);
    buf[13] = ':';
    two(buf, 14, secondOfDay / 60 % 60);
    buf[16] = ':';
    two(buf, 17, secondOfDay % 60);
    buf[19] = 'Z';
    return CHARS;
  }

  private static void four(char[] buf, int at, int n) {
    two(buf, at, n / 100);
    two(buf, at + 2, n % 100);
  }

  private static void two(char[] buf, int at, int n) {
    buf[at] = (char) ('0' + n / 10);
    buf[at + 1] = (char) ('0' + n % 10);
  }
}

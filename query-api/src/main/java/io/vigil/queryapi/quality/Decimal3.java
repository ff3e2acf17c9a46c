package io.vigil.queryapi.quality;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * Writes a quality metric rounded to three decimal places (0.001 ms of jitter, 0.001 % of loss, 0.001 MOS), far below
 * what the collectors can measure. Printing the shortest exact form of a double (up to 17 digits) was the largest
 * single cost of a quality series request; the rounded value is formatted from a scaled long instead.
 */
final class Decimal3 {
  static final int PLACES = 3;
  private static final long SCALE = 1000;
  /** Beyond this the scaled value could overflow a long; such values are printed as plain doubles. */
  private static final double LIMIT = 1e12;

  private Decimal3() {}

  /** Longest output of {@link #format(double, char[])}: sign, 13 integer digits, point, 3 decimals. */
  static final int MAX_CHARS = 18;

  /** Writes v with the caller's scratch buffer (at least {@link #MAX_CHARS}), so a series allocates no strings. */
  static void write(JsonGenerator g, double v, char[] scratch) throws IOException {
    if (!Double.isFinite(v) || Math.abs(v) >= LIMIT) {
      g.writeNumber(v);
      return;
    }
    g.writeNumber(scratch, 0, format(v, scratch));
  }

  /** {@code 2.0945 -> "2.095"}, {@code 6.5 -> "6.5"}, {@code 12.0 -> "12"}, {@code -0.25 -> "-0.25"}. */
  static String format(double v) {
    char[] buf = new char[MAX_CHARS];
    return new String(buf, 0, format(v, buf));
  }

  /** Formats a finite v below {@link #LIMIT} into buf from index 0; returns the length. */
  static int format(double v, char[] buf) {
    long scaled = Math.round(v * SCALE);
    int at = 0;
    if (scaled < 0) {
      buf[at++] = '-';
      scaled = -scaled;
    }
    long whole = scaled / SCALE;
    int fraction = (int) (scaled % SCALE);
    at = digits(whole, buf, at);
    if (fraction == 0) {
      return at;
    }
    buf[at++] = '.';
    buf[at++] = (char) ('0' + fraction / 100);
    buf[at++] = (char) ('0' + fraction / 10 % 10);
    buf[at++] = (char) ('0' + fraction % 10);
    while (buf[at - 1] == '0') {
      at--;
    }
    return at;
  }

  private static int digits(long n, char[] buf, int at) {
    if (n == 0) {
      buf[at] = '0';
      return at + 1;
    }
    int len = 0;
    for (long rest = n; rest > 0; rest /= 10) {
      len++;
    }
    for (int i = at + len - 1; i >= at; i--) {
      buf[i] = (char) ('0' + n % 10);
      n /= 10;
    }
    return at + len;
  }
}

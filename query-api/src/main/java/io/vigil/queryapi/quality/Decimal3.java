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

  static void write(JsonGenerator g, double v) throws IOException {
    if (!Double.isFinite(v) || Math.abs(v) >= LIMIT) {
      g.writeNumber(v);
      return;
    }
    g.writeNumber(format(v));
  }

  /** {@code 2.0945 -> "2.095"}, {@code 6.5 -> "6.5"}, {@code 12.0 -> "12"}, {@code -0.25 -> "-0.25"}. */
  static String format(double v) {
    long scaled = Math.round(v * SCALE);
    long whole = scaled / SCALE;
    int fraction = (int) Math.abs(scaled % SCALE);
    if (fraction == 0) {
      return Long.toString(whole);
    }
    StringBuilder b = new StringBuilder(24);
    if (scaled < 0 && whole == 0) {
      b.append('-');
    }
    b.append(whole).append('.');
    if (fraction < 100) {
      b.append('0');
    }
    if (fraction < 10) {
      b.append('0');
    }
    b.append(fraction);
    int end = b.length();
    while (b.charAt(end - 1) == '0') {
      end--;
    }
    b.setLength(end);
    return b.toString();
  }
}

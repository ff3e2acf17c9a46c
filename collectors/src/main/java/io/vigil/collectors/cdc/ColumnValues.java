package io.vigil.collectors.cdc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.Locale;

/** Coerces captured column values (already normalised by {@link SourceRecords}) into the types records need. */
final class ColumnValues {
  private ColumnValues() {}

  static String text(Object v) {
    return v == null ? null : v.toString();
  }

  static Instant instant(String column, Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof Instant i) {
      return i;
    }
    if (v instanceof Date d) {
      return d.toInstant();
    }
    if (v instanceof Number n) {
      return Instant.ofEpochMilli(n.longValue());
    }
    try {
      return OffsetDateTime.parse(v.toString()).toInstant();
    } catch (DateTimeParseException e) {
      throw new BadChangeException("column " + column + " is not a timestamp: " + v);
    }
  }

  static Long longValue(String column, Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof Number n) {
      return n.longValue();
    }
    try {
      return Long.parseLong(v.toString().trim());
    } catch (NumberFormatException e) {
      throw new BadChangeException("column " + column + " is not an integer: " + v);
    }
  }

  static Double doubleValue(String column, Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return Double.parseDouble(v.toString().trim());
    } catch (NumberFormatException e) {
      throw new BadChangeException("column " + column + " is not a number: " + v);
    }
  }

  static Boolean bool(String column, Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    return switch (v.toString().trim().toLowerCase(Locale.ROOT)) {
      case "true", "t", "1", "yes" -> true;
      case "false", "f", "0", "no" -> false;
      default -> throw new BadChangeException("column " + column + " is not a boolean: " + v);
    };
  }
}

package io.vigil.sink.rows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Renders row values as PostgreSQL input text (the INSERT and statement paths bind them so), and JSON as text. */
public final class PgText {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PgText() {}

  public static String of(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof Instant i) {
      return i.toString();
    }
    if (v instanceof CharSequence || v instanceof Number || v instanceof Boolean || v instanceof Enum<?>
        || v instanceof UUID) {
      return v.toString();
    }
    return json(v);
  }

  public static String json(Object v) {
    if (v == null) {
      return null;
    }
    try {
      return JSON.writeValueAsString(v);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("value cannot be written as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * A label/extra map as a JSON object, written by hand: this runs for every row, and going through a TreeMap and
   * Jackson cost as much as the rest of the row. Non-finite numbers become null (JSON has no NaN); null map -> {}.
   */
  public static String jsonMap(Map<?, ?> map) {
    if (map == null || map.isEmpty()) {
      return "{}";
    }
    StringBuilder sb = new StringBuilder(16 + map.size() * 24).append('{');
    boolean first = true;
    for (var e : map.entrySet()) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      jsonString(sb, String.valueOf(e.getKey()));
      sb.append(':');
      Object v = e.getValue();
      if (v == null) {
        sb.append("null");
      } else if (v instanceof Double d) {
        sb.append(Double.isFinite(d) ? d.toString() : "null");
      } else if (v instanceof Number || v instanceof Boolean) {
        sb.append(v);
      } else {
        jsonString(sb, v.toString());
      }
    }
    return sb.append('}').toString();
  }

  static void jsonString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}

package io.vigil.collectors.webrtc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * One RTCStats object reduced to the members in {@link StatField}, each kept as JSON gave it: a Double (any number),
 * a String, a Boolean, or null (absent, null, or a nested object/array). Readers get lenient, validated access.
 */
public final class RtcStats {
  private final Object[] values = new Object[StatField.COUNT];

  void set(StatField f, Object value) {
    values[f.ordinal()] = value;
  }

  /** From a parsed JSON object (tests and tools); the push endpoint builds these while streaming the body. */
  static RtcStats of(JsonNode obj) {
    RtcStats s = new RtcStats();
    for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      StatField f = StatField.byName(e.getKey());
      if (f != null) {
        JsonNode v = e.getValue();
        s.set(f, v.isNumber() ? (Object) v.asDouble() : v.isTextual() ? v.asText()
            : v.isBoolean() ? (Object) v.booleanValue() : null);
      }
    }
    return s;
  }

  /** A non-negative finite number, else null. */
  public Double num(StatField f) {
    return values[f.ordinal()] instanceof Double d && Double.isFinite(d) && d >= 0 ? d : null;
  }

  /** A string member, else null. */
  public String text(StatField f) {
    return values[f.ordinal()] instanceof String s ? s : null;
  }

  /** JSON true, the string "true" or a non-zero number (as Jackson's asBoolean), else false. */
  public boolean flag(StatField f) {
    Object v = values[f.ordinal()];
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s) {
      return "true".equals(s.trim());
    }
    return v instanceof Double d && d != 0;
  }

  public static Double num(RtcStats s, StatField f) {
    return s == null ? null : s.num(f);
  }

  public static String text(RtcStats s, StatField f) {
    return s == null ? null : s.text(f);
  }
}

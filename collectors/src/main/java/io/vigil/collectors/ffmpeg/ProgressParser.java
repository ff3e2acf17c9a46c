package io.vigil.collectors.ffmpeg;

import java.util.HashMap;
import java.util.Map;

/**
 * Incremental parser of FFmpeg's {@code -progress} output (key=value lines, a block ends with {@code progress=...}).
 * Feed lines with {@link #accept}; a completed block is returned, otherwise null. Garbage lines are counted, not fatal.
 */
public final class ProgressParser {
  private final Map<String, String> current = new HashMap<>();
  private long badLines;

  public ProgressBlock accept(String line) {
    if (line == null) {
      return null;
    }
    int eq = line.indexOf('=');
    if (eq <= 0) {
      if (!line.isBlank()) {
        badLines++;
      }
      return null;
    }
    String key = line.substring(0, eq).trim();
    String value = line.substring(eq + 1).trim();
    if (!key.equals("progress")) {
      if (current.size() < 256) {
        current.put(key, value);
      }
      return null;
    }
    ProgressBlock b = block(current, value.equals("end"));
    current.clear();
    return b;
  }

  public long badLines() {
    return badLines;
  }

  /** Pure: a block from its key/value pairs. */
  public static ProgressBlock block(Map<String, String> kv, boolean end) {
    Long outUs = longOf(kv.get("out_time_us"));
    if (outUs == null) {
      outUs = longOf(kv.get("out_time_ms")); // microseconds despite the name
    }
    return new ProgressBlock(longOf(kv.get("frame")), doubleOf(kv.get("fps")), bitrate(kv.get("bitrate")),
        longOf(kv.get("total_size")), outUs, longOf(kv.get("dup_frames")), longOf(kv.get("drop_frames")),
        speed(kv.get("speed")), end);
  }

  static Double speed(String v) {
    if (v == null) {
      return null;
    }
    String s = v.trim();
    if (s.endsWith("x")) {
      s = s.substring(0, s.length() - 1).trim();
    }
    return doubleOf(s);
  }

  static Double bitrate(String v) {
    if (v == null) {
      return null;
    }
    String s = v.trim();
    if (s.endsWith("kbits/s")) {
      s = s.substring(0, s.length() - "kbits/s".length()).trim();
    }
    return doubleOf(s);
  }

  static Long longOf(String v) {
    if (v == null || v.isBlank() || v.equals("N/A")) {
      return null;
    }
    try {
      long l = Long.parseLong(v.trim());
      return l < 0 ? null : l;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static Double doubleOf(String v) {
    if (v == null || v.isBlank() || v.equals("N/A")) {
      return null;
    }
    try {
      double d = Double.parseDouble(v.trim());
      return Double.isFinite(d) && d >= 0 ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}

package io.vigil.collectors.prometheus;

import io.vigil.schemas.avro.Component;
import io.vigil.schemas.avro.Direction;
import io.vigil.schemas.avro.HealthSample;
import io.vigil.schemas.avro.MediaKind;
import io.vigil.schemas.avro.QualitySample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * One entry of a mapping file's {@code fields:} list: the series of one family become one numeric field of a
 * HealthSample ({@code to: health}) or QualitySample ({@code to: quality}) instead of (or besides) a MetricSample.
 *
 * <pre>
 * fields:
 *   - family: process_cpu_seconds_total   # sample name or declared family
 *     to: health                          # health | quality
 *     component: sfu                      # health: ffmpeg|sfu|host|collector|app
 *     field: cpu_pct                      # a numeric HealthSample/QualitySample field, or extra.NAME (health)
 *     rate: true                          # counter: per-second rate between two scrapes (reset -> skipped)
 *     multiply: 100                       # then value * multiply / divide
 *     instance_label: node_id             # health: the label naming the instance (default: the target's source)
 *     match: {mountpoint: /}              # only series with these label values
 *     aggregate: sum                      # several series into one field: sum (default) | max | min | avg
 *   - family: process_start_time_seconds
 *     field: uptime_s
 *     age: true                           # value is a unix time in seconds: field = scrape time - value
 *   - family: livekit_stream_jitter_ms
 *     to: quality
 *     field: jitter_ms
 *     stream_label: stream_id             # quality: the label holding stream_id (required)
 *     kind: audio | kind_label: kind      # quality: fixed kind or the label holding audio|video
 *     direction: inbound | direction_label: direction
 * </pre>
 * Health samples of one scrape are grouped by component + instance, quality samples by stream + kind + direction +
 * track_label value; a mapped health sample has status {@code running} (the endpoint answered).
 */
public record FieldMapping(String family, Target to, Component component, String field, boolean rate,
    boolean age, double multiply, double divide, String instanceLabel, Map<String, String> match, Aggregate aggregate,
    String streamLabel, MediaKind kind, String kindLabel, Direction direction, String directionLabel,
    String trackLabel) {

  /** Which record the field lands in. */
  public enum Target { health, quality }

  /** How several series for one field combine. */
  public enum Aggregate { sum, max, min, avg }

  private static final Set<String> KEYS = Set.of("family", "to", "component", "field", "rate", "age", "multiply",
      "divide", "instance_label", "match", "aggregate", "stream_label", "kind", "kind_label", "direction",
      "direction_label", "track_label");

  /** True when {@code field} is {@code extra.NAME} (health only). */
  public boolean extra() {
    return field.startsWith("extra.");
  }

  /** value after scaling. */
  public double scale(double v) {
    return v * multiply / divide;
  }

  /** Parses and validates a mapping file's {@code fields:} list; a bad entry throws with its index and reason. */
  public static List<FieldMapping> parse(Object list) {
    List<FieldMapping> out = new ArrayList<>();
    if (list == null) {
      return out;
    }
    if (!(list instanceof List<?> l)) {
      throw new IllegalArgumentException("fields must be a list");
    }
    for (int i = 0; i < l.size(); i++) {
      try {
        if (!(l.get(i) instanceof Map<?, ?> m)) {
          throw new IllegalArgumentException("not a mapping");
        }
        out.add(one(m));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("fields[" + i + "]: " + e.getMessage(), e);
      }
    }
    return out;
  }

  private static FieldMapping one(Map<?, ?> m) {
    for (Object k : m.keySet()) {
      if (!KEYS.contains(String.valueOf(k))) {
        throw new IllegalArgumentException("unknown key " + k);
      }
    }
    String family = str(m, "family");
    String field = str(m, "field");
    if (family == null || field == null) {
      throw new IllegalArgumentException("family and field are required");
    }
    Target to = Target.valueOf(def(str(m, "to"), "health"));
    boolean rate = Boolean.TRUE.equals(m.get("rate"));
    boolean age = Boolean.TRUE.equals(m.get("age"));
    if (rate && age) {
      throw new IllegalArgumentException("rate and age exclude each other");
    }
    double multiply = num(m, "multiply", 1);
    double divide = num(m, "divide", 1);
    if (divide == 0) {
      throw new IllegalArgumentException("divide must not be 0");
    }
    Map<String, String> match = new LinkedHashMap<>();
    if (m.get("match") instanceof Map<?, ?> mm) {
      mm.forEach((k, v) -> match.put(String.valueOf(k), String.valueOf(v)));
    } else if (m.get("match") != null) {
      throw new IllegalArgumentException("match must be a map of label: value");
    }
    Aggregate aggregate = Aggregate.valueOf(def(str(m, "aggregate"), "sum"));
    Component component = null;
    MediaKind kind = null;
    Direction direction = null;
    if (to == Target.health) {
      component = Component.valueOf(def(str(m, "component"), "app"));
      if (!field.startsWith("extra.")) {
        numericField(HealthSample.getClassSchema(), field, Set.of("collector_seq", "exit_code"));
      } else if (field.length() == "extra.".length()) {
        throw new IllegalArgumentException("extra. needs a name");
      }
    } else {
      if (field.startsWith("extra.")) {
        throw new IllegalArgumentException("QualitySample has no extra map");
      }
      numericField(QualitySample.getClassSchema(), field, Set.of("collector_seq", "ssrc", "mos"));
      if (str(m, "stream_label") == null) {
        throw new IllegalArgumentException("to: quality needs stream_label");
      }
      kind = str(m, "kind") == null ? null : MediaKind.valueOf(str(m, "kind"));
      direction = str(m, "direction") == null ? null : Direction.valueOf(str(m, "direction"));
      if (kind == null && str(m, "kind_label") == null) {
        throw new IllegalArgumentException("to: quality needs kind or kind_label");
      }
      if (direction == null && str(m, "direction_label") == null) {
        throw new IllegalArgumentException("to: quality needs direction or direction_label");
      }
    }
    return new FieldMapping(family, to, component, field, rate, age, multiply, divide, str(m, "instance_label"),
        Map.copyOf(match), aggregate, str(m, "stream_label"), kind, str(m, "kind_label"), direction,
        str(m, "direction_label"), str(m, "track_label"));
  }

  /** The field must exist and be an optional number (not an identity or processor-filled field). */
  static Schema.Type numericField(Schema schema, String name, Set<String> forbidden) {
    Schema.Field f = schema.getField(name);
    if (f == null || forbidden.contains(name)) {
      throw new IllegalArgumentException(schema.getName() + " has no mappable field " + name);
    }
    Schema s = f.schema();
    if (s.getType() == Schema.Type.UNION) {
      s = s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElseThrow();
    }
    if (s.getLogicalType() != null || !Set.of(Schema.Type.INT, Schema.Type.LONG, Schema.Type.DOUBLE)
        .contains(s.getType())) {
      throw new IllegalArgumentException(schema.getName() + "." + name + " is not a number field");
    }
    return s.getType();
  }

  private static String str(Map<?, ?> m, String key) {
    Object v = m.get(key);
    return v == null ? null : String.valueOf(v);
  }

  private static String def(String v, String d) {
    return v == null ? d : v;
  }

  private static double num(Map<?, ?> m, String key, double d) {
    Object v = m.get(key);
    if (v == null) {
      return d;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    throw new IllegalArgumentException(key + " must be a number");
  }
}

package io.vigil.streams.rules;

import io.vigil.schemas.avro.HealthSample;
import io.vigil.schemas.avro.HealthStatus;
import io.vigil.schemas.avro.LifecycleEvent;
import io.vigil.schemas.avro.LifecycleState;
import io.vigil.schemas.avro.MetricSample;
import io.vigil.schemas.avro.QualitySample;
import io.vigil.streams.window.MetricAccumulator;
import io.vigil.streams.window.MetricWindows;
import io.vigil.streams.window.WindowAggregate;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns each kind of input into an {@link Observation}: which labels identify the series, which labels a matcher may
 * use, and how a rule's metric name resolves to a number (record fields, plus a few derived metrics operators need).
 */
public final class Observations {
  /** Source of closed metric windows, read by aggregate {@code metrics} rules (see {@link RuleEvaluator#onWindows}). */
  public static final String METRIC_WINDOW = "metric_window";

  private Observations() {}

  public static Observation quality(QualitySample s, Map<String, String> enrichment, boolean live) {
    Map<String, String> id = new TreeMap<>();
    put(id, "stream_id", s.getStreamId());
    put(id, "participant_id", s.getParticipantId());
    put(id, "track_id", s.getTrackId() != null ? s.getTrackId() : s.getSsrc() == null ? null : "ssrc-" + s.getSsrc());
    put(id, "kind", s.getKind().name());
    put(id, "direction", s.getDirection().name());
    Map<String, String> labels = new HashMap<>(s.getLabels());
    labels.putAll(enrichment);
    labels.putAll(id);
    put(labels, "node_id", s.getNodeId());
    put(labels, "room", s.getRoom());
    put(labels, "session_id", s.getSessionId());
    put(labels, "source", s.getSource());
    put(labels, "codec", s.getCodec());
    put(labels, "tenant", s.getTenant());
    return new Observation("quality", id, labels, fields(s), s.getTs().toEpochMilli(), live);
  }

  public static Observation health(HealthSample s, boolean live) {
    Map<String, String> id = new TreeMap<>();
    put(id, "node_id", s.getNodeId());
    put(id, "component", s.getComponent().name());
    put(id, "instance", s.getInstance());
    put(id, "stream_id", s.getStreamId());
    Map<String, String> labels = new HashMap<>(s.getLabels());
    labels.putAll(id);
    put(labels, "status", s.getStatus().name());
    put(labels, "tenant", s.getTenant());
    Function<String, Double> fields = fields(s);
    Function<String, Double> metrics = name -> switch (name) {
      case "stalled" -> s.getStatus() == HealthStatus.stalled ? 1.0 : 0.0;
      case "exited_nonzero" -> (s.getStatus() == HealthStatus.exited || s.getStatus() == HealthStatus.failed)
          && s.getExitCode() != null && s.getExitCode() != 0 ? 1.0 : 0.0;
      case "disk_free_pct" -> s.getDiskFreeMb() == null || s.getDiskUsedMb() == null
          || s.getDiskFreeMb() + s.getDiskUsedMb() <= 0 ? null
          : 100.0 * s.getDiskFreeMb() / (s.getDiskFreeMb() + s.getDiskUsedMb());
      case "up" -> 1.0;
      default -> name.startsWith("extra.") ? s.getExtra().get(name.substring(6)) : fields.apply(name);
    };
    // A process that exited is not expected to keep reporting, so absent rules stop watching it.
    boolean running = live && s.getStatus() != HealthStatus.exited && s.getStatus() != HealthStatus.failed;
    return new Observation("health", id, labels, metrics, s.getTs().toEpochMilli(), running);
  }

  public static Observation metric(MetricSample s) {
    Map<String, String> id = new TreeMap<>(s.getLabels());
    put(id, "source", s.getSource());
    put(id, "name", s.getName());
    put(id, "node_id", s.getNodeId());
    Map<String, String> labels = new HashMap<>(id);
    put(labels, "tenant", s.getTenant());
    String name = s.getName();
    Double value = s.getValue();
    return new Observation("metrics", id, labels, m -> m.equals(name) ? value : null, s.getTs().toEpochMilli(), true);
  }

  public static Observation lifecycle(LifecycleEvent e) {
    Map<String, String> id = new TreeMap<>();
    put(id, "entity", e.getEntity().name());
    put(id, "entity_id", e.getEntityId());
    put(id, "stream_id", e.getStreamId());
    Map<String, String> labels = new HashMap<>(e.getLabels());
    labels.putAll(id);
    put(labels, "state", e.getState().name());
    put(labels, "stream_name", e.getName());
    put(labels, "room", e.getRoom());
    LifecycleState state = e.getState();
    Function<String, Double> metrics = name -> name.startsWith("state_")
        ? (state.name().equals(name.substring(6)) ? 1.0 : 0.0) : null;
    return new Observation("lifecycle", id, labels, metrics, e.getTs().toEpochMilli(), true);
  }

  /**
   * A closed window as seen by aggregate rules: metric names resolve as "field:aggregation". {@code metricFields} are
   * the fields the window family aggregates: "count" of one of them is its number of values (none: no value), "count"
   * of anything else is the window's sample count.
   */
  public static Observation window(String source, WindowAggregate a, Collection<String> metricFields) {
    Map<String, String> id = new TreeMap<>(a.dims);
    id.remove("room");
    id.remove("stream_name");
    id.remove("tenant");
    id.put("window", a.window);
    Map<String, String> labels = new HashMap<>(a.dims);
    labels.put("window", a.window);
    if (a.lastStatus != null) {
      labels.put("status", a.lastStatus);
    }
    Function<String, Double> metrics = key -> {
      int colon = key.indexOf(':');
      String field = colon < 0 ? key : key.substring(0, colon);
      String agg = colon < 0 ? "last" : key.substring(colon + 1);
      if (field.equals("count") || agg.equals("count") && !metricFields.contains(field)) {
        return (double) a.count;
      }
      Long counter = a.counter(field);
      if (counter != null) {
        return counter.doubleValue();
      }
      MetricAccumulator m = a.metric(field);
      if (m == null || m.count() == 0) {
        return null;
      }
      var stats = m.toStats();
      return switch (agg) {
        case "min" -> stats.getMin();
        case "max" -> stats.getMax();
        case "p95" -> stats.getP95();
        case "count" -> (double) stats.getCount();
        case "rate" -> null; // quality and health window fields are not counters (rule checks reject this)
        default -> stats.getAvg();
      };
    };
    return new Observation(source, id, labels, metrics, a.end(), true);
  }

  /**
   * A closed metric window as seen by aggregate {@code metrics} rules: the series identity of the samples plus the
   * window, and "name:aggregation" resolving to that aggregation over the window (see {@link MetricWindows#value}).
   */
  public static Observation metricWindow(WindowAggregate a) {
    Map<String, String> id = new TreeMap<>(MetricWindows.labels(a));
    put(id, "source", a.dims.get("source"));
    put(id, "name", a.dims.get("name"));
    put(id, "node_id", a.dims.get("node_id"));
    id.put("window", a.window);
    Map<String, String> labels = new HashMap<>(id);
    put(labels, "tenant", a.dims.get("tenant"));
    put(labels, "kind", a.dims.get("kind"));
    String name = a.dims.get("name");
    Function<String, Double> metrics = key -> {
      int colon = key.indexOf(':');
      if (colon < 0 || !key.substring(0, colon).equals(name)) {
        return null;
      }
      return MetricWindows.value(a, key.substring(colon + 1));
    };
    return new Observation(METRIC_WINDOW, id, labels, metrics, a.end(), true);
  }

  /** Numeric fields of an Avro record by schema name; booleans as 0/1; missing or non-numeric as null. */
  static Function<String, Double> fields(SpecificRecord r) {
    Schema schema = r.getSchema();
    return name -> {
      Schema.Field f = schema.getField(name);
      if (f == null) {
        return null;
      }
      Object v = r.get(f.pos());
      if (v instanceof Number n) {
        return n.doubleValue();
      }
      if (v instanceof Boolean b) {
        return b ? 1.0 : 0.0;
      }
      return null;
    };
  }

  static void put(Map<String, String> m, String k, String v) {
    if (v != null && !v.isEmpty()) {
      m.put(k, v);
    }
  }
}

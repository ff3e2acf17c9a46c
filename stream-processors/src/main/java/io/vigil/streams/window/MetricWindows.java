package io.vigil.streams.window;

import io.vigil.schemas.avro.MetricKind;
import io.vigil.schemas.avro.MetricSample;
import io.vigil.schemas.avro.MetricWindow;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pure mapping between metric samples, their 1-minute aggregates and the emitted {@link MetricWindow}, and the value
 * of each aggregation (avg|min|max|p95|count|rate|last) for aggregate rules. One series per tenant, source, node, name
 * and labels; the node is part of the identity (like Prometheus' instance label) so two reporters of the same counter
 * never look like resets of each other.
 */
public final class MetricWindows {
  /** Sample labels are stored among the window dimensions under this prefix, apart from the identity fields. */
  static final String LABEL_PREFIX = "label.";
  private static final String VALUE = "value";

  private MetricWindows() {}

  public static Map<String, String> dims(MetricSample s) {
    return dims(s.getTenant(), s.getSource(), s.getNodeId(), s.getName(), s.getKind(), s.getLabels());
  }

  public static Map<String, String> dims(String tenant, String source, String nodeId, String name, MetricKind kind,
                                         Map<String, String> labels) {
    Map<String, String> d = new HashMap<>();
    QualityWindows.put(d, "tenant", tenant);
    QualityWindows.put(d, "source", source);
    QualityWindows.put(d, "node_id", nodeId);
    QualityWindows.put(d, "name", name);
    d.put("kind", kind.name());
    labels.forEach((k, v) -> QualityWindows.put(d, LABEL_PREFIX + k, v));
    return d;
  }

  /** Adds one sample; a sample without a value counts in {@code count} but in no statistic. */
  public static void add(WindowAggregate a, long ts, Double value) {
    a.count++;
    a.lastTs = Math.max(a.lastTs, ts);
    if (a.counter == null) {
      a.counter = new CounterRate();
    }
    if (value != null && !value.isNaN()) {
      a.add(VALUE, value);
      a.counter.add(ts, value);
    }
  }

  /** The sample labels of a window's series (without the identity fields). */
  public static Map<String, String> labels(WindowAggregate a) {
    Map<String, String> out = new TreeMap<>();
    a.dims.forEach((k, v) -> {
      if (k.startsWith(LABEL_PREFIX)) {
        out.put(k.substring(LABEL_PREFIX.length()), v);
      }
    });
    return out;
  }

  public static MetricKind kind(WindowAggregate a) {
    return MetricKind.valueOf(a.dims.get("kind"));
  }

  /**
   * The value of one aggregation over the window, or null when it has none: no sample had a value, or {@code rate} on a
   * gauge (a gauge going down is not a reset; rate is only defined for cumulative kinds), or {@code rate} with fewer
   * than two samples.
   */
  public static Double value(WindowAggregate a, String aggregation) {
    if (aggregation.equals("count")) {
      return (double) a.count;
    }
    if (aggregation.equals("rate")) {
      return cumulative(kind(a)) && a.counter != null ? a.counter.rate() : null;
    }
    if (aggregation.equals("last")) {
      return a.counter == null ? null : a.counter.last();
    }
    MetricAccumulator m = a.metric(VALUE);
    if (m == null || m.count() == 0) {
      return null;
    }
    var stats = m.toStats();
    return switch (aggregation) {
      case "min" -> stats.getMin();
      case "max" -> stats.getMax();
      case "p95" -> stats.getP95();
      case "avg" -> stats.getAvg();
      default -> null;
    };
  }

  /** Counters, and the sums of histograms and summaries, only ever grow between resets. */
  static boolean cumulative(MetricKind kind) {
    return kind != MetricKind.gauge;
  }

  public static MetricWindow toAvro(WindowAggregate a) {
    Map<String, String> d = a.dims;
    return MetricWindow.newBuilder()
        .setEventId(QualityWindows.deterministicId(a))
        .setTs(Instant.ofEpochMilli(a.end()))
        .setTenant(d.getOrDefault("tenant", "default"))
        .setLabels(new HashMap<>(labels(a)))
        .setSource(d.get("source"))
        .setNodeId(d.get("node_id"))
        .setName(d.get("name"))
        .setKind(kind(a))
        .setWindowStart(Instant.ofEpochMilli(a.start()))
        .setWindowEnd(Instant.ofEpochMilli(a.end()))
        .setWindow(a.window)
        .setCount(a.count)
        .setMin(value(a, "min"))
        .setAvg(value(a, "avg"))
        .setMax(value(a, "max"))
        .setP95(value(a, "p95"))
        .setLast(value(a, "last"))
        .setRate(value(a, "rate"))
        .build();
  }
}

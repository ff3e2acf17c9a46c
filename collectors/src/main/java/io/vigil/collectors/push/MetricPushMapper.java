package io.vigil.collectors.push;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.collectors.http.BadRequest;
import io.vigil.collectors.http.JsonBodies;
import io.vigil.schemas.avro.HistogramBucket;
import io.vigil.schemas.avro.MetricKind;
import io.vigil.schemas.avro.MetricSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Maps a JSON metric push ({@code {"source":"auralis","ts":..,"labels":{..},"metrics":[{"name":"buffer_depth_ms",
 * "kind":"gauge","value":120,"labels":{..}}, {"name":"synthesis_latency_ms","kind":"histogram","sum":..,"count":..,
 * "buckets":[{"le":100,"count":3},..]}]}}) to MetricSamples. "timer" is accepted as a histogram of milliseconds.
 */
public final class MetricPushMapper {
  static final int MAX_METRICS = 5_000;

  private MetricPushMapper() {}

  public static List<MetricSample> map(JsonNode req, String nodeId, String tenant, LongSupplier seq, Instant now,
      Duration maxSkew) {
    if (!req.isObject()) {
      throw new BadRequest("wrong_type", "body must be a JSON object with source and metrics");
    }
    String source = JsonBodies.requiredText(req, "source", 200);
    Instant ts = JsonBodies.timestamp(req, "ts", now, maxSkew);
    Map<String, String> common = JsonBodies.labels(req, "labels");
    JsonNode metrics = req.get("metrics");
    if (metrics == null || !metrics.isArray() || metrics.isEmpty() || metrics.size() > MAX_METRICS) {
      throw new BadRequest("wrong_type", "'metrics' must be a non-empty array of at most " + MAX_METRICS + " metrics");
    }
    List<MetricSample> out = new ArrayList<>(metrics.size());
    int i = 0;
    for (JsonNode m : metrics) {
      if (!m.isObject()) {
        throw new BadRequest("wrong_type", "metrics[" + i + "] must be an object");
      }
      String name = JsonBodies.requiredText(m, "name", 200);
      if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:.]*")) {
        throw new BadRequest("bad_name", "metrics[" + i + "].name '" + name + "' is not a valid metric name");
      }
      MetricKind kind = kind(JsonBodies.optionalText(m, "kind", 20), i);
      Map<String, String> labels = new HashMap<>(common);
      labels.putAll(JsonBodies.labels(m, "labels"));
      MetricSample.Builder b = MetricSample.newBuilder().setEventId(UUID.randomUUID().toString())
          .setTs(JsonBodies.timestamp(m, "ts", ts, maxSkew.plus(Duration.between(now, ts).abs()))).setTenant(tenant)
          .setNodeId(nodeId).setCollectorSeq(seq.getAsLong()).setLabels(labels).setSource(source).setName(name)
          .setKind(kind);
      if (kind == MetricKind.counter || kind == MetricKind.gauge) {
        b.setValue(number(m, "value", i, kind == MetricKind.counter, true));
      } else {
        b.setValue(number(m, "sum", i, false, false));
        Double count = number(m, "count", i, true, false);
        b.setCount(count == null ? null : count.longValue());
        b.setBuckets(buckets(m.get("buckets"), i));
      }
      out.add(b.build());
      i++;
    }
    return out;
  }

  private static MetricKind kind(String k, int i) {
    if (k == null) {
      return MetricKind.gauge;
    }
    return switch (k) {
      case "counter" -> MetricKind.counter;
      case "gauge" -> MetricKind.gauge;
      case "histogram", "timer" -> MetricKind.histogram;
      case "summary" -> MetricKind.summary;
      default -> throw new BadRequest("bad_kind", "metrics[" + i + "].kind '" + k
          + "' is not one of counter, gauge, histogram, timer, summary");
    };
  }

  private static Double number(JsonNode m, String field, int i, boolean nonNegative, boolean required) {
    JsonNode v = m.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new BadRequest("missing_field", "metrics[" + i + "]." + field + " is required");
      }
      return null;
    }
    if (!v.isNumber() || !Double.isFinite(v.asDouble()) || Math.abs(v.asDouble()) > 1e15) {
      throw new BadRequest("bad_value", "metrics[" + i + "]." + field + " must be a finite number");
    }
    if (nonNegative && v.asDouble() < 0) {
      throw new BadRequest("bad_value", "metrics[" + i + "]." + field + " must not be negative");
    }
    return v.asDouble();
  }

  private static List<HistogramBucket> buckets(JsonNode b, int i) {
    if (b == null || b.isNull()) {
      return null;
    }
    if (!b.isArray() || b.size() > 200) {
      throw new BadRequest("wrong_type", "metrics[" + i + "].buckets must be an array of at most 200 {le, count}");
    }
    List<HistogramBucket> out = new ArrayList<>();
    long lastCount = 0;
    for (JsonNode x : b) {
      JsonNode le = x.get("le");
      double bound = le != null && le.isTextual() && le.asText().equals("+Inf") ? Double.POSITIVE_INFINITY
          : le != null && le.isNumber() ? le.asDouble() : Double.NaN;
      JsonNode c = x.get("count");
      if (Double.isNaN(bound) || c == null || !c.canConvertToLong() || c.asLong() < lastCount) {
        throw new BadRequest("bad_value", "metrics[" + i + "].buckets need numeric le and cumulative, non-decreasing counts");
      }
      lastCount = c.asLong();
      out.add(new HistogramBucket(bound, lastCount));
    }
    return out;
  }
}

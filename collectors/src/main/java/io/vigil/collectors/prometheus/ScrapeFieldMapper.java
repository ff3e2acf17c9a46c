package io.vigil.collectors.prometheus;

import io.vigil.collectors.delivery.EventIds;
import io.vigil.schemas.avro.Direction;
import io.vigil.schemas.avro.HealthSample;
import io.vigil.schemas.avro.HealthStatus;
import io.vigil.schemas.avro.MediaKind;
import io.vigil.schemas.avro.QualitySample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Applies a mapping's {@link FieldMapping}s to a scrape: HealthSamples grouped by component + instance, QualitySamples
 * grouped by stream + kind + direction (+ track). Keeps the previous value of every {@code rate:} series to compute
 * per-second rates (first scrape and counter resets give no value, never a made-up 0). NaN/Inf values are skipped.
 * Not thread-safe: one per scrape target, called from its scrape thread.
 */
public final class ScrapeFieldMapper {
  private final List<FieldMapping> fields;
  private final String source;
  private final Map<String, double[]> previous = new HashMap<>();

  public ScrapeFieldMapper(List<FieldMapping> fields, String source) {
    this.fields = List.copyOf(fields);
    this.source = source;
  }

  public boolean isEmpty() {
    return fields.isEmpty();
  }

  /** Sum/max/min/avg accumulator for one field of one record. */
  private static final class Acc {
    double sum;
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    int n;

    void add(double v) {
      sum += v;
      max = Math.max(max, v);
      min = Math.min(min, v);
      n++;
    }

    double get(FieldMapping.Aggregate a) {
      return switch (a) {
        case sum -> sum;
        case max -> max;
        case min -> min;
        case avg -> sum / n;
      };
    }
  }

  public List<SpecificRecord> map(ExpositionParser.Scrape scrape, String nodeId, String tenant, LongSupplier seq,
      Instant ts) {
    // record key -> (field mapping -> accumulator); record key -> identifying values
    Map<List<String>, Map<FieldMapping, Acc>> groups = new LinkedHashMap<>();
    for (FieldMapping f : fields) {
      for (ExpositionParser.Sample s : scrape.samples()) {
        if (!(s.name().equals(f.family()) || ScrapeMapper.family(s.name(), scrape.types()).equals(f.family()))
            || !matches(f, s.labels()) || s.name().endsWith("_bucket") || s.name().endsWith("_created")) {
          continue;
        }
        Double v = value(f, s, ts);
        if (v == null || !Double.isFinite(v)) {
          continue;
        }
        List<String> key = key(f, s.labels());
        if (key == null) {
          continue;
        }
        groups.computeIfAbsent(key, k -> new LinkedHashMap<>()).computeIfAbsent(f, x -> new Acc()).add(f.scale(v));
      }
    }
    List<SpecificRecord> out = new ArrayList<>();
    groups.forEach((key, values) -> out.add(key.get(0).equals("health")
        ? health(key, values, nodeId, tenant, seq, ts) : quality(key, values, nodeId, tenant, seq, ts)));
    return out;
  }

  private static boolean matches(FieldMapping f, Map<String, String> labels) {
    for (var e : f.match().entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private Double value(FieldMapping f, ExpositionParser.Sample s, Instant ts) {
    double v = s.value();
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return null;
    }
    if (f.age()) {
      double age = ts.toEpochMilli() / 1000.0 - v;
      return age >= 0 ? age : null; // a start time in the future: clock skew, no value
    }
    if (!f.rate()) {
      return v;
    }
    String series = f.to() + "|" + f.component() + "|" + f.field() + "|" + s.name() + new TreeMap<>(s.labels());
    double now = ts.toEpochMilli() / 1000.0;
    double[] prev = previous.put(series, new double[] {v, now});
    if (prev == null || now <= prev[1] || v < prev[0]) {
      return null; // first scrape, same instant, or a counter reset
    }
    return (v - prev[0]) / (now - prev[1]);
  }

  /** Grouping key: health|component|instance or quality|stream|kind|direction|track; null when labels are missing. */
  private List<String> key(FieldMapping f, Map<String, String> labels) {
    if (f.to() == FieldMapping.Target.health) {
      String instance = f.instanceLabel() == null ? null : labels.get(f.instanceLabel());
      return List.of("health", f.component().name(), instance == null || instance.isEmpty() ? source : instance);
    }
    String stream = labels.get(f.streamLabel());
    String kind = f.kind() != null ? f.kind().name() : labels.get(f.kindLabel());
    String direction = f.direction() != null ? f.direction().name() : labels.get(f.directionLabel());
    String track = f.trackLabel() == null ? "" : labels.getOrDefault(f.trackLabel(), "");
    if (stream == null || stream.isEmpty() || !isEnum(MediaKind.class, kind) || !isEnum(Direction.class, direction)) {
      return null;
    }
    return List.of("quality", stream, kind, direction, track);
  }

  private static <E extends Enum<E>> boolean isEnum(Class<E> type, String v) {
    if (v == null) {
      return false;
    }
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(v)) {
        return true;
      }
    }
    return false;
  }

  private HealthSample health(List<String> key, Map<FieldMapping, Acc> values, String nodeId, String tenant,
      LongSupplier seq, Instant ts) {
    HealthSample h = new HealthSample();
    h.setEventId(EventIds.next());
    h.setTs(ts);
    h.setTenant(tenant);
    h.setNodeId(nodeId);
    h.setCollectorSeq(seq.getAsLong());
    h.setLabels(new HashMap<>(Map.of("source", source)));
    h.setComponent(io.vigil.schemas.avro.Component.valueOf(key.get(1)));
    h.setInstance(key.get(2));
    h.setStatus(HealthStatus.running); // the endpoint answered the scrape
    Map<String, Double> extra = new HashMap<>();
    values.forEach((f, acc) -> {
      double v = acc.get(f.aggregate());
      if (f.extra()) {
        extra.merge(f.field().substring("extra.".length()), v, Double::sum);
      } else {
        put(h, f.field(), v);
      }
    });
    h.setExtra(extra);
    return h;
  }

  private QualitySample quality(List<String> key, Map<FieldMapping, Acc> values, String nodeId, String tenant,
      LongSupplier seq, Instant ts) {
    QualitySample q = new QualitySample();
    q.setEventId(EventIds.next());
    q.setTs(ts);
    q.setTenant(tenant);
    q.setNodeId(nodeId);
    q.setCollectorSeq(seq.getAsLong());
    q.setLabels(new HashMap<>(Map.of("scraped", "true")));
    q.setStreamId(key.get(1));
    q.setKind(MediaKind.valueOf(key.get(2)));
    q.setDirection(Direction.valueOf(key.get(3)));
    q.setTrackId(key.get(4).isEmpty() ? null : key.get(4));
    q.setSource(source);
    values.forEach((f, acc) -> put(q, f.field(), acc.get(f.aggregate())));
    return q;
  }

  /** Sets a numeric optional field by name, converting to its Avro type (int/long rounded). */
  static void put(SpecificRecordBase r, String field, double v) {
    Schema.Type t = FieldMapping.numericField(r.getSchema(), field, java.util.Set.of());
    Object boxed = switch (t) {
      case INT -> (int) Math.round(v);
      case LONG -> Math.round(v);
      default -> v;
    };
    r.put(field, boxed);
  }
}

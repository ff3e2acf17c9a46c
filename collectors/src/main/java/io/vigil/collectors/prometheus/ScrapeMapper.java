package io.vigil.collectors.prometheus;

import io.vigil.collectors.delivery.EventIds;
import io.vigil.schemas.avro.HistogramBucket;
import io.vigil.schemas.avro.MetricKind;
import io.vigil.schemas.avro.MetricSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Turns the chosen families of a scrape into MetricSamples: counters and gauges one per series, histograms one per
 * series with cumulative buckets, sum and count. A family is chosen when its name starts with one of the prefixes
 * of the mapping (e.g. the shipped livekit.yaml / jvb.yaml). NaN values are skipped (never sent as numbers).
 */
public final class ScrapeMapper {
  private ScrapeMapper() {}

  public static List<MetricSample> map(ExpositionParser.Scrape scrape, List<String> familyPrefixes, String source,
      String nodeId, String tenant, LongSupplier seq, Instant ts) {
    List<MetricSample> out = new ArrayList<>();
    Map<String, Map<Map<String, String>, Hist>> hists = new LinkedHashMap<>();
    for (ExpositionParser.Sample s : scrape.samples()) {
      String family = family(s.name(), scrape.types());
      if (familyPrefixes.stream().noneMatch(family::startsWith) || Double.isNaN(s.value())) {
        continue;
      }
      String type = scrape.types().getOrDefault(family, "untyped");
      if (type.equals("histogram")) {
        Map<String, String> key = new TreeMap<>(s.labels());
        key.remove("le");
        Hist h = hists.computeIfAbsent(family, f -> new LinkedHashMap<>()).computeIfAbsent(key, k -> new Hist());
        if (s.name().endsWith("_bucket") && s.labels().containsKey("le")) {
          h.buckets.add(new HistogramBucket(ExpositionParser.value(s.labels().get("le")), (long) s.value()));
        } else if (s.name().endsWith("_sum")) {
          h.sum = s.value();
        } else if (s.name().endsWith("_count")) {
          h.count = (long) s.value();
        }
        continue;
      }
      if (Double.isInfinite(s.value())) {
        continue;
      }
      MetricKind kind = type.equals("counter") ? MetricKind.counter
          : type.equals("summary") ? MetricKind.summary : MetricKind.gauge;
      out.add(sample(s.name(), kind, s.labels(), s.value(), null, null, source, nodeId, tenant, seq, ts));
    }
    hists.forEach((family, series) -> series.forEach((labels, h) -> out.add(sample(family, MetricKind.histogram,
        labels, h.sum, h.count, h.buckets, source, nodeId, tenant, seq, ts))));
    return out;
  }

  /** The declared family of a sample name (strips _bucket/_sum/_count/_total when the stripped name is typed). */
  static String family(String name, Map<String, String> types) {
    if (types.containsKey(name)) {
      return name;
    }
    for (String suffix : new String[] {"_bucket", "_sum", "_count", "_total", "_created"}) {
      if (name.endsWith(suffix)) {
        String base = name.substring(0, name.length() - suffix.length());
        if (types.containsKey(base)) {
          return base;
        }
      }
    }
    return name;
  }

  private static final class Hist {
    final List<HistogramBucket> buckets = new ArrayList<>();
    Double sum;
    Long count;
  }

  private static MetricSample sample(String name, MetricKind kind, Map<String, String> labels, Double value,
      Long count, List<HistogramBucket> buckets, String source, String nodeId, String tenant, LongSupplier seq,
      Instant ts) {
    MetricSample m = new MetricSample();
    m.setEventId(EventIds.next());
    m.setTs(ts);
    m.setTenant(tenant);
    m.setNodeId(nodeId);
    m.setCollectorSeq(seq.getAsLong());
    m.setLabels(new LinkedHashMap<>(labels));
    m.setSource(source);
    m.setName(name);
    m.setKind(kind);
    m.setValue(value);
    m.setCount(count);
    m.setBuckets(buckets);
    return m;
  }
}

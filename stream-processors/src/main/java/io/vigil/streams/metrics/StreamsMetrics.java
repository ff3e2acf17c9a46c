package io.vigil.streams.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.streams.topology.InputDelays;
import io.vigil.streams.validate.PipelineCounters;
import io.vigil.streams.validate.PipelineCounters.Series;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The Streams app's Prometheus metrics (text exposition 0.0.4): the pipeline counters (dead letters by topic and
 * stage, late records by window family, rejected rules), the KafkaStreams state as one 0/1 gauge per state, each
 * stage's input delay, and Kafka Streams' own client metrics through Micrometer's binder (process rate/total, commit
 * latency, records lag, ...).
 */
public final class StreamsMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final PipelineCounters counters;
  private final KafkaStreamsMetrics kafka;
  private final Set<Series> bound = ConcurrentHashMap.newKeySet();

  /**
   * Kafka Streams tags a store's metrics with "{scope}.state.id" (rocksdb.state.id, changelog.only.state.id), but
   * Prometheus refuses a second label set under one name, so the second kind of store would lose its metrics (with a
   * warning). Both become state.id plus store.type.
   */
  static final MeterFilter STORE_ID_TAG = new MeterFilter() {
    @Override
    public Meter.Id map(Meter.Id id) {
      if (!id.getName().startsWith("kafka.stream.state.")) {
        return id;
      }
      List<Tag> tags = new ArrayList<>();
      for (Tag t : id.getTagsAsIterable()) {
        if (t.getKey().endsWith(".state.id")) {
          tags.add(Tag.of("state.id", t.getValue()));
          tags.add(Tag.of("store.type", t.getKey().substring(0, t.getKey().length() - ".state.id".length())));
        } else {
          tags.add(t);
        }
      }
      return id.replaceTags(tags);
    }
  };

  /** Binds before {@code streams} starts: its stream threads and clients, hence their metrics, already exist. */
  public StreamsMetrics(KafkaStreams streams, PipelineCounters counters, InputDelays delays) {
    this.counters = counters;
    this.kafka = new KafkaStreamsMetrics(streams);
    registry.config().meterFilter(STORE_ID_TAG);
    kafka.bindTo(registry);
    for (KafkaStreams.State state : KafkaStreams.State.values()) {
      Gauge.builder("vigil_streams_state", streams, s -> s.state() == state ? 1 : 0)
          .tag("state", state.name())
          .description("1 for the current KafkaStreams state (RUNNING, REBALANCING, ERROR, ...), 0 for the others")
          .register(registry);
    }
    for (String stage : InputDelays.STAGES) {
      Gauge.builder("vigil_streams_input_delay_seconds", delays, d -> d.maxMs(stage) / 1000.0)
          .tag("stage", stage)
          .description("how long the records the stage's most delayed task last read had waited in Kafka (producer "
              + "timestamp to processing); absent rules see silence this late")
          .register(registry);
    }
    bindCounters();
  }

  /** The current metrics in Prometheus text format. */
  public String scrape() {
    bindCounters(); // a counter series may have appeared since the last scrape (e.g. a new DLQ stage)
    return registry.scrape();
  }

  private void bindCounters() {
    for (Series s : counters.snapshot().keySet()) {
      if (bound.add(s)) {
        FunctionCounter.builder(s.name(), counters, c -> c.get(s))
            .tags(s.labels().entrySet().stream()
                .map(e -> Tag.of(e.getKey(), e.getValue())).toList())
            .description(description(s.name()))
            .register(registry);
      }
    }
  }

  private static String description(String name) {
    return switch (name) {
      case PipelineCounters.DEAD_LETTERS -> "records sent to vigil.dlq.v1, by source topic and stage (decode, validate)";
      case PipelineCounters.LATE_RECORDS -> "records later than the window grace, counted instead of windowed";
      case PipelineCounters.RULES_REJECTED -> "rules on vigil.alert-rules.v1 ignored as invalid or undecodable";
      default -> name;
    };
  }

  @Override
  public void close() {
    kafka.close();
    registry.close();
  }
}

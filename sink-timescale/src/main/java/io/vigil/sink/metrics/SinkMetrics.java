package io.vigil.sink.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vigil.sink.rows.Table;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The sink's own metrics: rows per table (rate() gives rows/s), batch latency, consumer lag, DLQ and DB errors. */
public final class SinkMetrics {
  private final MeterRegistry registry;
  private final Map<Table, Counter> rows = new EnumMap<>(Table.class);
  private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();
  private final Timer batch;
  private final Counter dbErrors;
  /** Per consume-write loop; the gauges report the sum of lags and whether any loop is paused. */
  private final Map<Object, Long> lag = new ConcurrentHashMap<>();
  private final Map<Object, Boolean> paused = new ConcurrentHashMap<>();

  public SinkMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (Table t : Table.values()) {
      rows.put(t, Counter.builder("vigil_sink_rows").tag("table", t.tableName()).tag("kind", t.kind().name().toLowerCase())
          .description("rows written").register(registry));
    }
    batch = Timer.builder("vigil_sink_batch").description("time to write and commit one batch")
        .publishPercentileHistogram().register(registry);
    dbErrors = Counter.builder("vigil_sink_db_errors").description("batches retried after a database failure").register(registry);
    registry.gauge("vigil_sink_consumer_lag", lag, m -> m.values().stream().mapToLong(Long::longValue).sum());
    registry.gauge("vigil_sink_paused", paused, m -> m.containsValue(Boolean.TRUE) ? 1 : 0);
  }

  public void rows(Table t, long n) {
    rows.get(t).increment(n);
  }

  public void batch(Duration d) {
    batch.record(d);
  }

  public void deadLetter(String sourceTopic) {
    deadLetters.computeIfAbsent(sourceTopic, t -> Counter.builder("vigil_sink_dead_letters")
        .tag("topic", t).description("records sent to the dead-letter topic").register(registry)).increment();
  }

  public void dbError() {
    dbErrors.increment();
  }

  public void lag(Object loop, long total) {
    lag.put(loop, total);
  }

  public void paused(Object loop, boolean p) {
    paused.put(loop, p);
  }

  public MeterRegistry registry() {
    return registry;
  }
}

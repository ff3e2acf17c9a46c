package io.vigil.sink.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vigil.sink.rows.Table;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The sink's own metrics: rows per table (rate() gives rows/s), batch latency, consumer lag, DLQ and DB errors. */
public final class SinkMetrics {
  private final MeterRegistry registry;
  private final Map<Table, Counter> rows = new EnumMap<>(Table.class);
  private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();
  private final Timer batch;
  private final Counter dbErrors;
  private final AtomicLong lag = new AtomicLong();
  private final AtomicLong paused = new AtomicLong();

  public SinkMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (Table t : Table.values()) {
      rows.put(t, Counter.builder("vigil_sink_rows").tag("table", t.tableName()).tag("kind", t.kind().name().toLowerCase())
          .description("rows written").register(registry));
    }
    batch = Timer.builder("vigil_sink_batch").description("time to write and commit one batch")
        .publishPercentileHistogram().register(registry);
    dbErrors = Counter.builder("vigil_sink_db_errors").description("batches retried after a database failure").register(registry);
    registry.gauge("vigil_sink_consumer_lag", lag);
    registry.gauge("vigil_sink_paused", paused);
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

  public void lag(long total) {
    lag.set(total);
  }

  public void paused(boolean p) {
    paused.set(p ? 1 : 0);
  }

  public MeterRegistry registry() {
    return registry;
  }
}

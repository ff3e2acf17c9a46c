package io.vigil.streams.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class StoreIdTagTest {
  private static void storeGauge(PrometheusMeterRegistry registry, String scopeTag, String store, double value) {
    Gauge.builder("kafka.stream.state.num.open.iterators", () -> value)
        .tag("thread.id", "t1").tag("task.id", "0_0").tag(scopeTag, store)
        .register(registry);
  }

  @Test
  void storesOfDifferentKindsKeepTheirMetricsUnderOneLabelSet() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(StreamsMetrics.STORE_ID_TAG);
    storeGauge(registry, "rocksdb.state.id", "lifecycle-state", 1);
    storeGauge(registry, "changelog.only.state.id", "quality-windows", 2);

    String text = registry.scrape();
    assertThat(text).contains(
        "kafka_stream_state_num_open_iterators{state_id=\"lifecycle-state\",store_type=\"rocksdb\",task_id=\"0_0\","
            + "thread_id=\"t1\"} 1.0",
        "kafka_stream_state_num_open_iterators{state_id=\"quality-windows\",store_type=\"changelog.only\","
            + "task_id=\"0_0\",thread_id=\"t1\"} 2.0");
  }

  @Test
  void withoutTheFilterPrometheusDropsTheSecondKind() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    storeGauge(registry, "rocksdb.state.id", "lifecycle-state", 1);
    storeGauge(registry, "changelog.only.state.id", "quality-windows", 2);
    assertThat(registry.scrape()).doesNotContain("quality-windows");
  }
}

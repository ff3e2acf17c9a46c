package io.vigil.sink.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** With several consume-write loops the lag gauge is their sum and the paused gauge says whether any is paused. */
class SinkMetricsTest {
  @Test
  void lagIsSummedAndPausedIsAnyOverLoops() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    SinkMetrics m = new SinkMetrics(registry);
    Object a = new Object();
    Object b = new Object();
    m.lag(a, 100);
    m.lag(b, 23);
    m.lag(a, 40);
    assertThat(registry.get("vigil_sink_consumer_lag").gauge().value()).isEqualTo(63.0);
    m.paused(a, false);
    m.paused(b, true);
    assertThat(registry.get("vigil_sink_paused").gauge().value()).isEqualTo(1.0);
    m.paused(b, false);
    assertThat(registry.get("vigil_sink_paused").gauge().value()).isEqualTo(0.0);
  }
}

package io.vigil.streams.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.schemas.avro.MetricKind;
import io.vigil.schemas.avro.MetricWindow;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricWindowsTest {
  private static WindowAggregate window(MetricKind kind, double... values) {
    WindowAggregate a = new WindowAggregate(60_000, 120_000, "1m",
        MetricWindows.dims("acme", "tts-1", "node-1", "chunks_total", kind, Map.of("voice", "en", "name", "x")));
    for (int i = 0; i < values.length; i++) {
      MetricWindows.add(a, 60_000 + i * 10_000L, values[i]);
    }
    return a;
  }

  @Test
  void everyAggregationOfACounterWindow() {
    WindowAggregate a = window(MetricKind.counter, 10, 30, 20, 40);
    assertThat(MetricWindows.value(a, "count")).isEqualTo(4.0);
    assertThat(MetricWindows.value(a, "min")).isEqualTo(10.0);
    assertThat(MetricWindows.value(a, "max")).isEqualTo(40.0);
    assertThat(MetricWindows.value(a, "avg")).isEqualTo(25.0);
    assertThat(MetricWindows.value(a, "p95")).isCloseTo(40.0, within(0.8));
    assertThat(MetricWindows.value(a, "last")).isEqualTo(40.0);
    // 10 -> 30 (+20) -> 20 (reset: +20) -> 40 (+20) over 30 s
    assertThat(MetricWindows.value(a, "rate")).isCloseTo(2.0, within(1e-12));
  }

  @Test
  void rateHasNoValueOnAGaugeButTheOtherAggregationsDo() {
    WindowAggregate a = window(MetricKind.gauge, 10, 30, 20, 40);
    assertThat(MetricWindows.value(a, "rate")).isNull();
    assertThat(MetricWindows.value(a, "avg")).isEqualTo(25.0);
    assertThat(MetricWindows.value(window(MetricKind.histogram, 1, 3), "rate")).isCloseTo(0.2, within(1e-12));
  }

  @Test
  void samplesWithoutValueCountButHaveNoStatistics() {
    WindowAggregate a = new WindowAggregate(0, 60_000, "1m",
        MetricWindows.dims(null, "s", "n", "m", MetricKind.gauge, Map.of()));
    MetricWindows.add(a, 1_000, null);
    assertThat(MetricWindows.value(a, "count")).isEqualTo(1.0);
    assertThat(MetricWindows.value(a, "avg")).isNull();
    assertThat(MetricWindows.value(a, "last")).isNull();
  }

  @Test
  void avroRecordCarriesIdentityLabelsAndAggregates() {
    MetricWindow w = MetricWindows.toAvro(window(MetricKind.counter, 10, 30));
    assertThat(w.getTenant()).isEqualTo("acme");
    assertThat(w.getSource()).isEqualTo("tts-1");
    assertThat(w.getNodeId()).isEqualTo("node-1");
    assertThat(w.getName()).isEqualTo("chunks_total");
    assertThat(w.getLabels()).isEqualTo(Map.of("voice", "en", "name", "x")); // a label may share an identity name
    assertThat(w.getWindowStart().toEpochMilli()).isEqualTo(60_000);
    assertThat(w.getWindowEnd().toEpochMilli()).isEqualTo(120_000);
    assertThat(w.getCount()).isEqualTo(2);
    assertThat(w.getRate()).isCloseTo(2.0, within(1e-12));
    assertThat(w.getLast()).isEqualTo(30.0);
    assertThat(w.getEventId()).isEqualTo(MetricWindows.toAvro(window(MetricKind.counter, 10, 30)).getEventId());
  }

  @Test
  void survivesTheStoreFormat() {
    WindowAggregate a = window(MetricKind.counter, 10, 30, 20);
    WindowAggregate back = WindowAggregate.fromBytes(a.toBytes());
    assertThat(back.dims).isEqualTo(a.dims);
    assertThat(MetricWindows.toAvro(back)).isEqualTo(MetricWindows.toAvro(a));
    MetricWindows.add(back, 90_000, 35.0);
    assertThat(MetricWindows.value(back, "rate")).isCloseTo(55.0 / 30, within(1e-12)); // 20 + 20 (reset) + 15 over 30 s
  }
}

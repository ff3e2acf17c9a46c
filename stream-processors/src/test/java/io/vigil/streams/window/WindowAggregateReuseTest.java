package io.vigil.streams.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A reopened window is indistinguishable from a new one: same bytes, same emitted record. */
class WindowAggregateReuseTest {
  private static final List<String> METRICS = List.of("loss_pct", "jitter_ms", "rtt_ms", "mos");
  private static final List<String> COUNTERS = List.of("packets_received", "packets_lost", "nack_count");

  /** Adds a random set of samples to both windows alike. */
  private static void fillBoth(Random random, WindowAggregate a, WindowAggregate b) {
    int samples = random.nextInt(15);
    for (int i = 0; i < samples; i++) {
      String metric = METRICS.get(random.nextInt(METRICS.size())); // a random subset, in a random first order
      double value = random.nextDouble() < 0.2 ? 0.0 : Math.exp(random.nextGaussian() * 2);
      String counter = COUNTERS.get(random.nextInt(COUNTERS.size()));
      long n = random.nextInt(1000);
      long ts = a.start() + random.nextInt(10_000);
      boolean summed = random.nextBoolean();
      for (WindowAggregate w : List.of(a, b)) {
        w.count++;
        w.lastTs = Math.max(w.lastTs, ts);
        w.add(metric, value);
        if (summed) {
          w.sum(counter, n);
        } else {
          w.max(counter, n);
        }
      }
      if (random.nextInt(4) == 0) {
        a.lastStatus = b.lastStatus = "running";
      }
    }
    if (random.nextInt(3) == 0) {
      a.counter = new CounterRate();
      b.counter = new CounterRate();
      a.counter.add(a.start(), 5);
      b.counter.add(b.start(), 5);
    }
  }

  @Test
  void aReopenedWindowEncodesAndEmitsAsANewOneWould() {
    Random random = new Random(3);
    Map<String, String> series = new TreeMap<>(Map.of("tenant", "default", "stream_id", "s1", "participant_id", "p",
        "track_id", "mic", "kind", "audio", "node_id", "n1"));
    WindowAggregate reused = new WindowAggregate(0, 10_000, "10s", series);
    for (int round = 1; round <= 300; round++) {
      long start = round * 10_000L;
      Map<String, String> dims = new TreeMap<>(series);
      switch (random.nextInt(4)) {
        case 0 -> dims.put("room", "Hall " + random.nextInt(2)); // enrichment that may differ from the last window
        case 1 -> dims.put("stream_name", "Town hall");
        case 2 -> dims.put("track_id", "cam" + random.nextInt(2)); // another series altogether
        default -> { } // the same dimensions: the encoded head is kept and only its times change
      }
      if (random.nextBoolean()) {
        reused.toBytes(); // caches the encoded head, as every commit does
      }
      reused.reopen(start, start + 10_000, dims);
      WindowAggregate fresh = new WindowAggregate(start, start + 10_000, "10s", dims);
      fillBoth(random, reused, fresh);

      assertThat(reused.toBytes()).as("round %d", round).isEqualTo(fresh.toBytes());
      assertThat(QualityWindows.toAvro(reused)).as("round %d", round).isEqualTo(QualityWindows.toAvro(fresh));
      assertThat(reused.dims).isEqualTo(fresh.dims);
      assertThat(reused.counters()).isEqualTo(fresh.counters());
      assertThat(reused.metrics().keySet()).containsExactlyElementsOf(fresh.metrics().keySet());
    }
  }

  @Test
  void reopeningKeepsTheAccumulatorsItAlreadyHas() {
    WindowAggregate agg = new WindowAggregate(0, 10_000, "10s", Map.of("stream_id", "s1"));
    agg.add("loss_pct", 1.0);
    agg.add("jitter_ms", 3.0);
    MetricAccumulator loss = agg.metric("loss_pct");
    agg.reopen(10_000, 20_000, Map.of("stream_id", "s1"));
    assertThat(agg.metric("loss_pct")).as("empty metrics are not in a new window").isNull();
    assertThat(agg.metrics()).isEmpty();
    agg.add("jitter_ms", 7.0);
    assertThat(agg.metric("jitter_ms")).as("the first slot's accumulator, reset").isSameAs(loss);
    assertThat(agg.metric("jitter_ms").toStats().getCount()).isEqualTo(1);
    assertThat(agg.metric("jitter_ms").toStats().getMax()).isEqualTo(7.0);
  }
}

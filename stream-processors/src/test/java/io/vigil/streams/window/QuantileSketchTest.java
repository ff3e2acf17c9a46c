package io.vigil.streams.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.schemas.avro.Stats;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuantileSketchTest {
  @Test
  void p95IsWithinTwoPercentOfTheExactValue() {
    QuantileSketch sketch = new QuantileSketch();
    double[] values = new double[10_000];
    Random random = new Random(7);
    for (int i = 0; i < values.length; i++) {
      values[i] = Math.exp(random.nextGaussian() * 1.5 + 2); // long-tailed like jitter
      sketch.add(values[i]);
    }
    java.util.Arrays.sort(values);
    double exact = values[(int) Math.ceil(0.95 * values.length) - 1];
    assertThat(sketch.quantile(0.95)).isCloseTo(exact, within(exact * 0.021));
  }

  @Test
  void mergedSketchesAnswerLikeOneSketchOfAllValues() {
    Random random = new Random(11);
    QuantileSketch all = new QuantileSketch();
    QuantileSketch low = new QuantileSketch();
    QuantileSketch high = new QuantileSketch();
    QuantileSketch empty = new QuantileSketch();
    for (int i = 0; i < 2_000; i++) {
      double v = i % 4 == 0 ? 0.0 : Math.exp(random.nextGaussian() + (i % 2 == 0 ? 0 : 6)); // disjoint ranges + zeros
      all.add(v);
      (i % 2 == 0 ? low : high).add(v);
    }
    QuantileSketch merged = new QuantileSketch();
    merged.merge(empty);
    merged.merge(high); // higher buckets first: the merge must grow the range downwards too
    merged.merge(low);
    merged.merge(empty);
    assertThat(merged.count()).isEqualTo(all.count());
    for (double q : new double[] {0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 1.0}) {
      assertThat(merged.quantile(q)).as("q=%s", q).isEqualTo(all.quantile(q));
    }
    low.merge(high);
    assertThat(low.quantile(0.95)).isEqualTo(all.quantile(0.95));
  }

  @Test
  void memoryIsBoundedWhateverTheValues() {
    QuantileSketch sketch = new QuantileSketch();
    for (double v = 1e-6; v < 1e15; v *= 1.001) {
      sketch.add(v);
    }
    assertThat(sketch.count()).isGreaterThan(40_000);
    WindowAggregate agg = new WindowAggregate(0, 10_000, "10s", Map.of("stream_id", "s"));
    for (double v = 1e-6; v < 1e15; v *= 1.001) {
      agg.add("x", v);
    }
    assertThat(agg.toBytes().length).isLessThan(8 * QuantileSketch.MAX_BUCKETS + 200);
  }

  @Test
  void zerosAreExact() {
    MetricAccumulator m = new MetricAccumulator();
    for (int i = 0; i < 96; i++) {
      m.add(0.0);
    }
    for (int i = 0; i < 4; i++) {
      m.add(50.0);
    }
    Stats stats = m.toStats();
    assertThat(stats.getP95()).isEqualTo(0.0);
    assertThat(stats.getMax()).isEqualTo(50.0);
    assertThat(stats.getAvg()).isEqualTo(2.0);
    assertThat(stats.getCount()).isEqualTo(100);
  }

  @Test
  void unknownValuesAreNotCountedAsZero() {
    MetricAccumulator m = new MetricAccumulator();
    m.add(null);
    assertThat(m.toStats()).isNull();
  }

  @Test
  void aggregateSurvivesSerialization() {
    WindowAggregate agg = new WindowAggregate(0, 60_000, "1m", Map.of("stream_id", "s1", "participant_id", "p"));
    agg.count = 3;
    agg.add("loss_pct", 1.0);
    agg.add("loss_pct", 9.0);
    agg.sum("packets_lost", 12L);
    agg.lastStatus = "running";
    WindowAggregate back = WindowAggregate.fromBytes(agg.toBytes());
    assertThat(back.dims).isEqualTo(agg.dims);
    assertThat(back.metric("loss_pct").toStats()).isEqualTo(agg.metric("loss_pct").toStats());
    assertThat(back.counters()).containsEntry("packets_lost", 12L);
    assertThat(back.lastStatus).isEqualTo("running");
  }

  private static byte[] bytes(QuantileSketch sketch) {
    java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(16 + 5 * QuantileSketch.MAX_BUCKETS);
    sketch.write(out);
    return java.util.Arrays.copyOf(out.array(), out.position());
  }

  @Test
  void aResetSketchFilledAgainIsTheSketchANewOneWouldBe() {
    Random random = new Random(5);
    QuantileSketch reused = new QuantileSketch();
    for (int round = 0; round < 200; round++) {
      // Each round's values sit higher or lower than the last round's, so the kept bucket array is shifted both ways
      // and partly overwritten: whatever the last round left in it must not count.
      double scale = round % 7 == 0 ? 0 : Math.pow(10, random.nextInt(9) - 3); // and sometimes only zeros
      int n = random.nextInt(300);
      QuantileSketch fresh = new QuantileSketch();
      QuantileSketch merged = new QuantileSketch();
      for (int i = 0; i < n; i++) {
        double v = random.nextDouble() < 0.1 ? 0.0 : scale * Math.exp(2 * random.nextGaussian());
        fresh.add(v);
        if (i % 3 == 0) {
          merged.add(v); // a third arrives through a merge, as a 10 s window's do into its minute
        } else {
          reused.add(v);
        }
      }
      reused.merge(merged);
      assertThat(bytes(reused)).as("round %d", round).isEqualTo(bytes(fresh));
      assertThat(reused.quantile(0.95)).isEqualTo(fresh.quantile(0.95));
      reused.reset();
      assertThat(reused.count()).isZero();
      assertThat(reused.quantile(0.5)).isNaN();
    }
  }
}

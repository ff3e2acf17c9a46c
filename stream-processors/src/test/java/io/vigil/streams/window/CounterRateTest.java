package io.vigil.streams.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CounterRateTest {
  private static CounterRate of(long[] ts, double[] values) {
    CounterRate r = new CounterRate();
    for (int i = 0; i < ts.length; i++) {
      r.add(ts[i], values[i]);
    }
    return r;
  }

  @Test
  void perSecondIncreaseBetweenFirstAndLastSample() {
    CounterRate r = of(new long[] {0, 10_000, 20_000, 30_000}, new double[] {100, 110, 130, 160});
    assertThat(r.increase()).isEqualTo(60.0);
    assertThat(r.rate()).isCloseTo(2.0, within(1e-12));
    assertThat(r.last()).isEqualTo(160.0);
    assertThat(r.resets()).isZero();
  }

  @Test
  void aDropIsAResetAndThePostResetValueCountsAsIncrease() {
    // 50 -> 80 (+30), restart -> 5 (+5), -> 25 (+20): Prometheus counts 55
    CounterRate r = of(new long[] {0, 10_000, 20_000, 30_000}, new double[] {50, 80, 5, 25});
    assertThat(r.increase()).isEqualTo(55.0);
    assertThat(r.resets()).isEqualTo(1);
    assertThat(r.rate()).isCloseTo(55.0 / 30, within(1e-12));
  }

  @Test
  void noRateFromOneSampleOrFromSamplesAtOneInstant() {
    assertThat(of(new long[] {5_000}, new double[] {7}).rate()).isNull();
    assertThat(of(new long[] {5_000, 5_000}, new double[] {7, 9}).rate()).isNull();
    assertThat(new CounterRate().rate()).isNull();
    assertThat(new CounterRate().last()).isNull();
  }

  @Test
  void aSampleOlderThanTheFirstExtendsTheWindowAtItsStart() {
    CounterRate ordered = of(new long[] {0, 10_000, 20_000}, new double[] {10, 0, 6});
    CounterRate shuffled = of(new long[] {10_000, 20_000, 0}, new double[] {0, 6, 10});
    assertThat(shuffled.increase()).isEqualTo(ordered.increase()).isEqualTo(6.0);
    assertThat(shuffled.rate()).isEqualTo(ordered.rate());
    assertThat(shuffled.last()).isEqualTo(6.0);
  }

  @Test
  void aLateSampleBetweenFirstAndLastIsIgnoredWithoutHarmOnAMonotonicCounter() {
    CounterRate r = of(new long[] {0, 20_000, 10_000}, new double[] {10, 30, 20});
    assertThat(r.increase()).isEqualTo(20.0);
    assertThat(r.last()).isEqualTo(30.0);
  }

  @Test
  void encodesAndDecodesItsState() {
    CounterRate r = of(new long[] {0, 10_000, 20_000}, new double[] {50, 5, 25});
    var buf = java.nio.ByteBuffer.allocate(CounterRate.ENCODED_SIZE);
    r.write(buf);
    CounterRate back = CounterRate.read(buf.flip());
    assertThat(back.increase()).isEqualTo(r.increase());
    assertThat(back.rate()).isEqualTo(r.rate());
    assertThat(back.resets()).isEqualTo(1);
    back.add(30_000, 35);
    assertThat(back.increase()).isEqualTo(35.0); // 5 + 20, then +10
  }
}

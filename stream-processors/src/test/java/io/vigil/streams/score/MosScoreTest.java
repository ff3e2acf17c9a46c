package io.vigil.streams.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MosScoreTest {
  /** Golden values computed independently from the ARCHITECTURE section 4 formula (version 1). */
  @ParameterizedTest(name = "rtt={0} jitter={1} loss={2} -> {3}")
  @CsvSource({
      "0, 0, 0, 4.404394368375001",
      "50, 5, 0, 4.372884734625",
      "100, 20, 1, 4.2573106833750005",
      "150, 30, 5, 3.6296560990000004",
      "300, 50, 10, 2.0249827840000005",
      "20, 2, 0.5, 4.365008983000001",
      "1000, 100, 40, 1.0",
      "0, 0, 100, 1.0"})
  void matchesGoldenValues(double rtt, double jitter, double loss, double expected) {
    assertThat(MosScore.mos(rtt, jitter, loss)).isCloseTo(expected, within(1e-9));
  }

  @ParameterizedTest
  @CsvSource({"0, 0, 0", "10, 1, 2", "400, 80, 20", "5000, 500, 100"})
  void staysWithinBounds(double rtt, double jitter, double loss) {
    assertThat(MosScore.mos(rtt, jitter, loss)).isBetween(1.0, 4.5);
  }

  @org.junit.jupiter.api.Test
  void moreLossNeverScoresBetter() {
    double previous = 5;
    for (int loss = 0; loss <= 100; loss++) {
      double mos = MosScore.mos(80, 10, loss);
      assertThat(mos).isLessThanOrEqualTo(previous);
      previous = mos;
    }
  }
}

package io.vigil.bench.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScheduleTest {
  @Test
  void rampStepsAreMeasuredOverTheirSecondHalfAndTheLastOverTheWholeHold() {
    Schedule s = Schedule.parse("2000, 5000,10000,20000", "60", "300");

    assertThat(s.settleSeconds()).isEqualTo(30);
    assertThat(s.measuredSeconds(0)).isEqualTo(30);
    assertThat(s.durationSeconds(2)).isEqualTo(60);
    assertThat(s.isHold(3)).isTrue();
    assertThat(s.measuredSeconds(3)).isEqualTo(300);
    assertThat(s.durationSeconds(3)).isEqualTo(330);
    assertThat(s.totalSeconds()).isEqualTo(3 * 60 + 330);
    assertThat(s.target()).isEqualTo(20000);
  }

  @Test
  void aSingleStepIsTheHold() {
    Schedule s = Schedule.parse("20000", "61", "120");

    assertThat(s.isHold(0)).isTrue();
    assertThat(s.measuredSeconds(0)).isEqualTo(120);
    assertThat(s.totalSeconds()).isEqualTo(30 + 120);
  }

  @Test
  void rejectsScheduleThatMeasuresNothing() {
    assertThatThrownBy(() -> Schedule.parse("", "60", "300")).isInstanceOf(NumberFormatException.class);
    assertThatThrownBy(() -> Schedule.parse("0,20000", "60", "300")).hasMessageContaining("positive");
    assertThatThrownBy(() -> Schedule.parse("20000", "1", "300")).hasMessageContaining("step seconds");
    assertThatThrownBy(() -> Schedule.parse("20000", "60", "0")).hasMessageContaining("hold seconds");
  }
}

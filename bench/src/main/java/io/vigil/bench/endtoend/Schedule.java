package io.vigil.bench.endtoend;

import java.util.Arrays;

/**
 * When the end-to-end benchmark offers which rate: ramp steps of {@code stepSeconds} each, then the last (target) rate
 * held for {@code holdSeconds} after the same settling time. Each step is measured after its first
 * {@link #settleSeconds()}: the ramp steps over their second half, the last over the whole hold. So "sustained for 5
 * minutes" means 5 measured minutes at the target rate, not 5 minutes of ramp.
 */
record Schedule(int[] steps, int stepSeconds, int holdSeconds) {
  Schedule {
    if (steps.length == 0 || Arrays.stream(steps).anyMatch(s -> s <= 0)) {
      throw new IllegalArgumentException("steps must be positive samples/s, at least one: " + Arrays.toString(steps));
    }
    if (stepSeconds < 2 || holdSeconds < 1) {
      throw new IllegalArgumentException("step seconds must be >= 2 and hold seconds >= 1");
    }
  }

  /** From the environment or system properties: VIGIL_BENCH_E2E_STEPS, _STEP_SECONDS, _HOLD_SECONDS. */
  static Schedule parse(String steps, String stepSeconds, String holdSeconds) {
    return new Schedule(Arrays.stream(steps.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray(),
        Integer.parseInt(stepSeconds.trim()), Integer.parseInt(holdSeconds.trim()));
  }

  /** Load at a new rate runs this long before the step's measurement starts. */
  int settleSeconds() {
    return stepSeconds / 2;
  }

  boolean isHold(int step) {
    return step == steps.length - 1;
  }

  /** Seconds measured in a step (rates, lag, CPU and the latency of probes posted in that time). */
  int measuredSeconds(int step) {
    return isHold(step) ? holdSeconds : stepSeconds - settleSeconds();
  }

  int durationSeconds(int step) {
    return settleSeconds() + measuredSeconds(step);
  }

  int totalSeconds() {
    int total = 0;
    for (int s = 0; s < steps.length; s++) {
      total += durationSeconds(s);
    }
    return total;
  }

  int target() {
    return steps[steps.length - 1];
  }
}

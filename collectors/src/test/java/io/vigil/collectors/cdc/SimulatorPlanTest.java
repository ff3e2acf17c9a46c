package io.vigil.collectors.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatorPlanTest {
  @Test
  void startsUntilTargetThenEndsOldest() {
    SimulatorPlan plan = new SimulatorPlan(2, 0);
    assertThat(plan.next(0, List.of())).containsExactly(new SimulatorPlan.Start("sim-0", "Simulated stream 0", "room-0"));
    assertThat(plan.next(1, List.of("sim-0"))).extracting(SimulatorPlan.Action::streamId).containsExactly("sim-1");
    assertThat(plan.next(2, List.of("sim-0", "sim-1"))).containsExactly(new SimulatorPlan.End("sim-0"));
  }

  @Test
  void failsTheNewestLiveStreamPeriodically() {
    SimulatorPlan plan = new SimulatorPlan(5, 3);
    assertThat(plan.next(3, List.of("a", "b"))).first().isEqualTo(new SimulatorPlan.Fail("b"));
    assertThat(plan.next(4, List.of("a", "b"))).noneMatch(a -> a instanceof SimulatorPlan.Fail);
  }
}

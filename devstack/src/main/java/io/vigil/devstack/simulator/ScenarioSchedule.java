package io.vigil.devstack.simulator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Which scenario runs when: e.g. {@code healthy@0,lossy-network@60,healthy@180} (seconds from the start). */
public record ScenarioSchedule(List<Step> steps) {
  /** A scenario starting {@code atS} seconds into the run. */
  public record Step(long atS, Scenario scenario) {}

  public static ScenarioSchedule parse(String text) {
    List<Step> steps = new ArrayList<>();
    for (String part : text.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int at = p.indexOf('@');
      Scenario s = Scenario.parse(at < 0 ? p : p.substring(0, at));
      long when;
      try {
        when = at < 0 ? 0 : Long.parseLong(p.substring(at + 1).replace("s", ""));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad schedule step '" + p + "': expected SCENARIO@SECONDS");
      }
      steps.add(new Step(when, s));
    }
    if (steps.isEmpty()) {
      steps.add(new Step(0, Scenario.HEALTHY));
    }
    steps.sort(Comparator.comparingLong(Step::atS));
    return new ScenarioSchedule(List.copyOf(steps));
  }

  /** The step in force at {@code elapsedS}; healthy before the first step. */
  public Step at(double elapsedS) {
    Step current = new Step(0, Scenario.HEALTHY);
    for (Step s : steps) {
      if (s.atS() <= elapsedS) {
        current = s;
      }
    }
    return current;
  }
}

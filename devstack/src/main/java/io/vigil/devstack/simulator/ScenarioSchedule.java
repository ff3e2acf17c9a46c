package io.vigil.devstack.simulator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which scenarios run when: e.g. {@code healthy@0,lossy-network@60,healthy@180} (seconds from the start). Scenarios
 * joined by {@code +} run together, e.g. {@code lossy-network+ffmpeg-overload@60}: network impairments and the FFmpeg
 * and control-plane actions are independent, so they combine.
 */
public record ScenarioSchedule(List<Step> steps) {
  /** Scenarios starting {@code atS} seconds into the run (at least one). */
  public record Step(long atS, List<Scenario> scenarios) {
    public Step {
      if (scenarios.isEmpty()) {
        throw new IllegalArgumentException("a step needs a scenario");
      }
      scenarios = List.copyOf(scenarios);
    }

    public Step(long atS, Scenario scenario) {
      this(atS, List.of(scenario));
    }

    /** The first (for a single-scenario step, the only) scenario. */
    public Scenario scenario() {
      return scenarios.get(0);
    }

    public boolean has(Scenario s) {
      return scenarios.contains(s);
    }

    public String label() {
      return String.join("+", scenarios.stream().map(Scenario::label).toList());
    }

    /** Network of one participant: the first scenario that impairs it decides. */
    public Impairment network(int nodeIndex, int roomIndex, double elapsedS) {
      for (Scenario s : scenarios) {
        Impairment i = s.network(nodeIndex, roomIndex, elapsedS);
        if (!i.equals(Impairment.HEALTHY)) {
          return i;
        }
      }
      return Impairment.HEALTHY;
    }

    public boolean silencesFirstNode() {
      return scenarios.stream().anyMatch(Scenario::silencesFirstNode);
    }
  }

  public static ScenarioSchedule parse(String text) {
    List<Step> steps = new ArrayList<>();
    for (String part : text.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int at = p.indexOf('@');
      List<Scenario> together = new ArrayList<>();
      for (String name : (at < 0 ? p : p.substring(0, at)).split("\\+")) {
        together.add(Scenario.parse(name));
      }
      long when;
      try {
        when = at < 0 ? 0 : Long.parseLong(p.substring(at + 1).replace("s", ""));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad schedule step '" + p
            + "': expected SCENARIO@SECONDS, or A+B@SECONDS for two at once");
      }
      steps.add(new Step(when, together));
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

  /** Whether any step runs this scenario. */
  public boolean uses(Scenario s) {
    return steps.stream().anyMatch(step -> step.has(s));
  }
}

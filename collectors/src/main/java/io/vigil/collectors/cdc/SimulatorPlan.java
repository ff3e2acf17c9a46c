package io.vigil.collectors.cdc;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides what the simulated control plane does on each tick (pure): start streams until {@code target} are live,
 * then end the oldest one; every {@code errorEvery}-th tick puts the newest live stream into error.
 */
public final class SimulatorPlan {
  /** One thing the control plane does. */
  public sealed interface Action {
    String streamId();
  }

  /** Insert a stream with one session and one consumer. */
  public record Start(String streamId, String name, String room) implements Action {}

  /** Stop a stream, end its sessions and detach its consumers. */
  public record End(String streamId) implements Action {}

  /** Mark a live stream as failed (e.g. the ingest dropped). */
  public record Fail(String streamId) implements Action {}

  private final int target;
  private final int errorEvery;

  public SimulatorPlan(int target, int errorEvery) {
    if (target < 1) {
      throw new IllegalArgumentException("target live streams must be >= 1");
    }
    this.target = target;
    this.errorEvery = errorEvery;
  }

  /** @param live ids of streams now live, oldest first */
  public List<Action> next(long tick, List<String> live) {
    List<Action> actions = new ArrayList<>();
    if (errorEvery > 0 && tick > 0 && tick % errorEvery == 0 && !live.isEmpty()) {
      actions.add(new Fail(live.get(live.size() - 1)));
    }
    if (live.size() < target) {
      String id = "sim-" + tick;
      actions.add(new Start(id, "Simulated stream " + tick, "room-" + (tick % 5)));
    } else {
      actions.add(new End(live.get(0)));
    }
    return actions;
  }
}

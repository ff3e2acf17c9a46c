package io.vigil.streams.topology;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.processor.TaskId;

/**
 * How long the records each stage's tasks read had waited in Kafka, as their {@link InputClock}s measured it at the
 * last tick: the lag in time that consumer offsets do not show, and how late absent rules see silence.
 */
public final class InputDelays {
  /** The stages that measure it, as {@code /metrics} labels them. */
  public static final List<String> STAGES = List.of("quality", "health", "metrics");
  private final Map<String, Map<TaskId, Long>> byStage = new ConcurrentHashMap<>();

  public InputDelays() {
    for (String stage : STAGES) {
      byStage.put(stage, new ConcurrentHashMap<>());
    }
  }

  void report(String stage, TaskId task, long behindMs) {
    byStage.get(stage).put(task, behindMs);
  }

  /** The task moved to another instance or closed: its delay is no longer this process's. */
  void forget(String stage, TaskId task) {
    byStage.get(stage).remove(task);
  }

  /** The largest delay among this process's tasks of {@code stage}; 0 when it runs none. */
  public long maxMs(String stage) {
    return byStage.get(stage).values().stream().mapToLong(Long::longValue).max().orElse(0);
  }
}

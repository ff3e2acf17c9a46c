package io.vigil.collectors.cdc;

import io.vigil.schemas.avro.LifecycleEntity;
import io.vigil.schemas.avro.LifecycleState;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How the columns of one control-plane table become a LifecycleEvent. A null column name means the table has no such
 * column. Without a state column the state is derived: ended column set -> {@code endedState}, else {@code activeState}.
 */
public record LifecycleMapping(
    LifecycleEntity entity,
    String idColumn,
    String streamIdColumn,
    String nameColumn,
    String roomColumn,
    String stateColumn,
    String startedAtColumn,
    String endedAtColumn,
    String tenantColumn,
    Map<String, LifecycleState> stateValues,
    LifecycleState activeState,
    LifecycleState endedState,
    LifecycleState deletedState) {

  public LifecycleMapping {
    if (entity == null || idColumn == null) {
      throw new IllegalArgumentException("a lifecycle mapping needs an entity and an id column");
    }
    Map<String, LifecycleState> lower = new HashMap<>();
    (stateValues == null ? Map.<String, LifecycleState>of() : stateValues)
        .forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    stateValues = Map.copyOf(lower);
  }

  /** Default for {@code streams(id, name, state, room_name, started_at, ended_at, ...)}. */
  public static LifecycleMapping streams() {
    return new LifecycleMapping(LifecycleEntity.stream, "id", "id", "name", "room_name", "state", "started_at", "ended_at",
        "tenant",
        Map.of("live", LifecycleState.live, "active", LifecycleState.live, "running", LifecycleState.live,
            "stopped", LifecycleState.stopped, "idle", LifecycleState.stopped, "error", LifecycleState.error,
            "failed", LifecycleState.error, "ended", LifecycleState.ended, "stale", LifecycleState.stale),
        LifecycleState.live, LifecycleState.ended, LifecycleState.ended);
  }

  /** Default for {@code stream_sessions(id, stream_id, room_name, started_at, ended_at, ...)}. */
  public static LifecycleMapping streamSessions() {
    return new LifecycleMapping(LifecycleEntity.session, "id", "stream_id", null, "room_name", null, "started_at",
        "ended_at", "tenant", Map.of(), LifecycleState.live, LifecycleState.ended, LifecycleState.ended);
  }

  /** Default for {@code consumers(id, stream_id, name, state, attached_at, detached_at, ...)}. */
  public static LifecycleMapping consumers() {
    return new LifecycleMapping(LifecycleEntity.consumer, "id", "stream_id", "name", null, "state", "attached_at",
        "detached_at", "tenant",
        Map.of("attached", LifecycleState.joined, "joined", LifecycleState.joined, "active", LifecycleState.joined,
            "detached", LifecycleState.left, "left", LifecycleState.left, "stale", LifecycleState.stale),
        LifecycleState.joined, LifecycleState.left, LifecycleState.left);
  }

  /** A copy with some columns renamed; keys are id, stream_id, name, room, state, started_at, ended_at, tenant. */
  public LifecycleMapping withColumns(Map<String, String> columns) {
    return new LifecycleMapping(entity,
        columns.getOrDefault("id", idColumn),
        columns.getOrDefault("stream_id", streamIdColumn),
        columns.getOrDefault("name", nameColumn),
        columns.getOrDefault("room", roomColumn),
        columns.getOrDefault("state", stateColumn),
        columns.getOrDefault("started_at", startedAtColumn),
        columns.getOrDefault("ended_at", endedAtColumn),
        columns.getOrDefault("tenant", tenantColumn),
        stateValues, activeState, endedState, deletedState);
  }

  /** A copy with extra column value -> state translations (added to the defaults). */
  public LifecycleMapping withStateValues(Map<String, LifecycleState> extra) {
    Map<String, LifecycleState> all = new HashMap<>(stateValues);
    extra.forEach((k, v) -> all.put(k.toLowerCase(Locale.ROOT), v));
    return new LifecycleMapping(entity, idColumn, streamIdColumn, nameColumn, roomColumn, stateColumn, startedAtColumn,
        endedAtColumn, tenantColumn, all, activeState, endedState, deletedState);
  }

  /** The default mapping for an entity name (stream, session, consumer, participant). */
  public static LifecycleMapping defaultFor(LifecycleEntity entity) {
    return switch (entity) {
      case stream -> streams();
      case session -> streamSessions();
      case consumer -> consumers();
      case participant -> new LifecycleMapping(LifecycleEntity.participant, "id", "stream_id", "name", "room_name",
          "state", "joined_at", "left_at", "tenant", Map.of(), LifecycleState.joined, LifecycleState.left,
          LifecycleState.left);
    };
  }
}

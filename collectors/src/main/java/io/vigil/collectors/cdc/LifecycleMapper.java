package io.vigil.collectors.cdc;

import io.vigil.schemas.avro.ChangeOp;
import io.vigil.schemas.avro.LifecycleEvent;
import io.vigil.schemas.avro.LifecycleSource;
import io.vigil.schemas.avro.LifecycleState;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Turns a control-plane row change into a LifecycleEvent (pure; the stream-id memory is passed in). */
public final class LifecycleMapper {
  private final String nodeId;
  private final String defaultTenant;

  public LifecycleMapper(String nodeId, String defaultTenant) {
    this.nodeId = nodeId;
    this.defaultTenant = defaultTenant;
  }

  /**
   * @param rememberedStreamId stream id last seen for an entity id; used for deletes whose before-image holds only the
   *     primary key (no REPLICA IDENTITY FULL)
   */
  public LifecycleEvent map(RowChange change, LifecycleMapping m, Function<String, Optional<String>> rememberedStreamId) {
    String entityId = change.column(m.idColumn()).map(Object::toString)
        .orElseThrow(() -> new BadChangeException(change.table() + ": no value in id column " + m.idColumn()));
    Map<String, String> labels = new java.util.HashMap<>();
    labels.put("table", change.table());
    String streamId = change.column(m.streamIdColumn()).map(Object::toString)
        .or(() -> rememberedStreamId.apply(entityId))
        .orElseGet(() -> {
          // Without the stream id (delete, no before-image, never seen): key by the entity itself, and say so.
          labels.put("stream_id_unknown", "true");
          return entityId;
        });
    Instant ts = change.committedAt() == null ? Instant.now() : change.committedAt();
    return LifecycleEvent.newBuilder()
        .setEventId(EventIds.of(change.table(), change.key().isEmpty() ? Map.of(m.idColumn(), entityId) : change.key(),
            change.lsn()))
        .setTs(ts)
        .setTenant(change.column(m.tenantColumn()).map(Object::toString).orElse(defaultTenant))
        .setNodeId(nodeId)
        .setCollectorSeq(null)
        .setLabels(labels)
        .setEntity(m.entity())
        .setEntityId(entityId)
        .setStreamId(streamId)
        .setState(state(change, m))
        .setName(change.column(m.nameColumn()).map(ColumnValues::text).orElse(null))
        .setRoom(change.column(m.roomColumn()).map(ColumnValues::text).orElse(null))
        .setStartedAt(ColumnValues.instant(m.startedAtColumn(), change.column(m.startedAtColumn()).orElse(null)))
        .setEndedAt(ColumnValues.instant(m.endedAtColumn(), change.column(m.endedAtColumn()).orElse(null)))
        .setOp(switch (change.op()) {
          case CREATE -> ChangeOp.c;
          case UPDATE -> ChangeOp.u;
          case DELETE -> ChangeOp.d;
          case READ -> ChangeOp.r;
        })
        .setSource(LifecycleSource.cdc)
        .setLsn(change.lsn())
        .build();
  }

  static LifecycleState state(RowChange change, LifecycleMapping m) {
    if (change.op() == RowChange.Op.DELETE) {
      return m.deletedState();
    }
    Optional<Object> raw = change.column(m.stateColumn());
    if (raw.isPresent()) {
      String v = raw.get().toString().trim().toLowerCase(Locale.ROOT);
      LifecycleState s = m.stateValues().get(v);
      if (s != null) {
        return s;
      }
      for (LifecycleState candidate : LifecycleState.values()) {
        if (candidate.name().equals(v)) {
          return candidate;
        }
      }
      throw new BadChangeException(change.table() + ": unknown state '" + raw.get() + "' in column " + m.stateColumn());
    }
    return change.column(m.endedAtColumn()).isPresent() ? m.endedState() : m.activeState();
  }
}

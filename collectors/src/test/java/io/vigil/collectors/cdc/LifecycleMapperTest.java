package io.vigil.collectors.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.schemas.avro.ChangeOp;
import io.vigil.schemas.avro.LifecycleEntity;
import io.vigil.schemas.avro.LifecycleEvent;
import io.vigil.schemas.avro.LifecycleState;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LifecycleMapperTest {
  private final LifecycleMapper mapper = new LifecycleMapper("cdc-test", "default");
  private static final Instant COMMIT = Instant.parse("2026-11-22T10:00:00Z");

  private static RowChange change(String table, RowChange.Op op, Map<String, Object> key, Map<String, Object> before,
      Map<String, Object> after, long lsn) {
    return new RowChange(table, op, key, before, after, lsn, COMMIT);
  }

  @Test
  void streamRowBecomesStreamEventWithMappedState() {
    LifecycleEvent e = mapper.map(change("public.streams", RowChange.Op.CREATE, Map.of("id", "s1"), null,
        Map.of("id", "s1", "name", "Keynote", "state", "ACTIVE", "room_name", "hall-a",
            "started_at", Instant.parse("2026-11-22T09:59:00Z")), 42L), LifecycleMapping.streams(), id -> Optional.empty());
    assertThat(e.getEntity()).isEqualTo(LifecycleEntity.stream);
    assertThat(e.getStreamId()).isEqualTo("s1");
    assertThat(e.getState()).isEqualTo(LifecycleState.live);
    assertThat(e.getName()).isEqualTo("Keynote");
    assertThat(e.getRoom()).isEqualTo("hall-a");
    assertThat(e.getStartedAt()).isEqualTo(Instant.parse("2026-11-22T09:59:00Z"));
    assertThat(e.getOp()).isEqualTo(ChangeOp.c);
    assertThat(e.getLsn()).isEqualTo(42L);
    assertThat(e.getTs()).isEqualTo(COMMIT);
    assertThat(e.getNodeId()).isEqualTo("cdc-test");
    assertThat(e.getLabels()).containsEntry("table", "public.streams");
  }

  @Test
  void sessionStateIsDerivedFromEndedAt() {
    Map<String, Object> live = Map.of("id", "x", "stream_id", "s1", "started_at", COMMIT);
    Map<String, Object> ended = Map.of("id", "x", "stream_id", "s1", "started_at", COMMIT, "ended_at", COMMIT.plusSeconds(60));
    assertThat(mapper.map(change("public.stream_sessions", RowChange.Op.CREATE, Map.of("id", "x"), null, live, 1),
        LifecycleMapping.streamSessions(), id -> Optional.empty()).getState()).isEqualTo(LifecycleState.live);
    LifecycleEvent e = mapper.map(change("public.stream_sessions", RowChange.Op.UPDATE, Map.of("id", "x"), null, ended, 2),
        LifecycleMapping.streamSessions(), id -> Optional.empty());
    assertThat(e.getState()).isEqualTo(LifecycleState.ended);
    assertThat(e.getStreamId()).isEqualTo("s1");
    assertThat(e.getEntity()).isEqualTo(LifecycleEntity.session);
  }

  @Test
  void deleteWithoutBeforeImageUsesRememberedStreamAndIgnoresTypeDefaults() {
    // What Debezium sends without REPLICA IDENTITY FULL: key columns, NOT NULL columns filled with defaults.
    RowChange delete = change("public.stream_sessions", RowChange.Op.DELETE, Map.of("id", "x"),
        Map.of("id", "x", "stream_id", "", "started_at", Instant.EPOCH), null, 3);
    LifecycleEvent e = mapper.map(delete, LifecycleMapping.streamSessions(), id -> Optional.of("s1"));
    assertThat(e.getStreamId()).isEqualTo("s1");
    assertThat(e.getState()).isEqualTo(LifecycleState.ended);
    assertThat(e.getOp()).isEqualTo(ChangeOp.d);
    assertThat(e.getStartedAt()).isNull();
    assertThat(e.getLabels()).doesNotContainKey("stream_id_unknown");
  }

  @Test
  void deleteOfUnknownEntityIsKeyedByItselfAndFlagged() {
    RowChange delete = change("public.consumers", RowChange.Op.DELETE, Map.of("id", "c9"), Map.of("id", "c9"), null, 4);
    LifecycleEvent e = mapper.map(delete, LifecycleMapping.consumers(), id -> Optional.empty());
    assertThat(e.getStreamId()).isEqualTo("c9");
    assertThat(e.getState()).isEqualTo(LifecycleState.left);
    assertThat(e.getLabels()).containsEntry("stream_id_unknown", "true");
  }

  @Test
  void unknownStateIsABadChange() {
    RowChange c = change("public.streams", RowChange.Op.UPDATE, Map.of("id", "s1"), null,
        Map.of("id", "s1", "name", "n", "state", "exploded"), 5);
    assertThatThrownBy(() -> mapper.map(c, LifecycleMapping.streams(), id -> Optional.empty()))
        .isInstanceOf(BadChangeException.class).hasMessageContaining("exploded");
  }

  @Test
  void customColumnsAndStatesApply() {
    LifecycleMapping m = LifecycleMapping.streams().withColumns(Map.of("id", "broadcast_id", "state", "status"))
        .withStateValues(Map.of("ON_AIR", LifecycleState.live));
    LifecycleEvent e = mapper.map(change("media.broadcasts", RowChange.Op.READ, Map.of("broadcast_id", "b1"), null,
        Map.of("broadcast_id", "b1", "status", "on_air"), 6), m, id -> Optional.empty());
    assertThat(e.getEntityId()).isEqualTo("b1");
    assertThat(e.getState()).isEqualTo(LifecycleState.live);
    assertThat(e.getOp()).isEqualTo(ChangeOp.r);
  }

  @Test
  void eventIdIsStableForTheSameChangeAndDiffersByLsn() {
    RowChange a = change("public.streams", RowChange.Op.UPDATE, Map.of("id", "s1"), null, Map.of("id", "s1", "state", "live"), 7);
    RowChange again = change("public.streams", RowChange.Op.UPDATE, Map.of("id", "s1"), null, Map.of("id", "s1", "state", "live"), 7);
    RowChange later = change("public.streams", RowChange.Op.UPDATE, Map.of("id", "s1"), null, Map.of("id", "s1", "state", "live"), 8);
    String id = mapper.map(a, LifecycleMapping.streams(), x -> Optional.empty()).getEventId();
    assertThat(mapper.map(again, LifecycleMapping.streams(), x -> Optional.empty()).getEventId()).isEqualTo(id);
    assertThat(mapper.map(later, LifecycleMapping.streams(), x -> Optional.empty()).getEventId()).isNotEqualTo(id);
    assertThat(EventIds.of("public.streams", Map.of("id", "s1"), 7L)).isEqualTo(id);
    assertThat(EventIds.of("public.stream_sessions", Map.of("id", "s1"), 7L)).isNotEqualTo(id);
  }
}

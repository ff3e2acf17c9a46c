package io.vigil.collectors.cdc;

import static io.vigil.collectors.cdc.CdcTestSupport.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.collectors.cdc.CdcTestSupport.Out;
import io.vigil.schemas.avro.AlertRule;
import io.vigil.schemas.avro.ChangeOp;
import io.vigil.schemas.avro.CompareOp;
import io.vigil.schemas.avro.LifecycleEntity;
import io.vigil.schemas.avro.LifecycleEvent;
import io.vigil.schemas.avro.LifecycleSource;
import io.vigil.schemas.avro.LifecycleState;
import io.vigil.schemas.avro.MatchOp;
import io.vigil.schemas.avro.RuleSource;
import io.vigil.schemas.avro.Severity;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.postgres.Postgres;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** End to end on embedded PostgreSQL 17 (wal_level=logical) and the in-process broker. */
class CdcSourceIntegrationTest {
  private static final Duration START = Duration.ofSeconds(60);
  private static KafkaBroker broker;
  private static Postgres postgres;

  @BeforeAll
  static void infrastructure() {
    broker = KafkaBroker.shared();
    postgres = Postgres.shared();
  }

  private static String newDatabase() throws Exception {
    String jdbc = postgres.jdbcUrl(postgres.newDatabase());
    CdcTestSupport.createTables(jdbc);
    return jdbc;
  }

  private static void awaitRunning(CdcSource source) {
    await().atMost(START).pollInterval(Duration.ofMillis(100))
        .until(() -> source.health().status() == CdcHealth.Status.RUNNING);
  }

  @Test
  void controlPlaneChangesBecomeLifecycleEventsInOrderPerStream() throws Exception {
    String db = newDatabase();
    sql(db, "INSERT INTO streams (id, name, state, room_name, started_at) VALUES ('s1', 'Keynote', 'live', 'hall-a', '2026-11-22T10:00:00Z')");
    CdcConfig config = CdcTestSupport.config(db, broker);
    try (CdcSource source = CdcSource.fromConfig(config)) {
      source.start();
      awaitRunning(source);
      sql(db,
          "INSERT INTO streams (id, name, state) VALUES ('s2', 'Backstage', 'live')",
          "INSERT INTO stream_sessions (id, stream_id, room_name, started_at) VALUES ('sess1', 's1', 'hall-a', '2026-11-22T10:00:05Z')",
          "INSERT INTO consumers (id, stream_id, name) VALUES ('c1', 's1', 'hls-packager')",
          // Default REPLICA IDENTITY: updates and deletes carry no before-image beyond the key.
          "UPDATE stream_sessions SET ended_at = '2026-11-22T11:00:00Z' WHERE id = 'sess1'",
          "UPDATE consumers SET state = 'detached', detached_at = now() WHERE id = 'c1'",
          "UPDATE streams SET state = 'stopped', ended_at = '2026-11-22T11:00:01Z' WHERE id = 's1'",
          "DELETE FROM stream_sessions WHERE id = 'sess1'",
          "DELETE FROM streams WHERE id = 's2'",
          // A schema change of a captured table must not stop the source.
          "ALTER TABLE streams ADD COLUMN region text",
          "INSERT INTO streams (id, name, state, region) VALUES ('s3', 'After migration', 'error', 'eu-west')");

      await().atMost(Duration.ofSeconds(30)).until(() -> CdcTestSupport.lifecycle(config.lifecycleTopic()).stream()
          .anyMatch(o -> o.key().equals("s3")));
      List<Out<LifecycleEvent>> out = CdcTestSupport.lifecycle(config.lifecycleTopic());

      List<String> s1 = out.stream().filter(o -> o.key().equals("s1"))
          .map(o -> o.value().getEntity() + ":" + o.value().getEntityId() + ":" + o.value().getOp() + ":" + o.value().getState())
          .toList();
      assertThat(s1).containsExactly(
          "stream:s1:r:live",
          "session:sess1:c:live",
          "consumer:c1:c:joined",
          "session:sess1:u:ended",
          "consumer:c1:u:left",
          "stream:s1:u:stopped",
          "session:sess1:d:ended");
      assertThat(out.stream().filter(o -> o.key().equals("s2")).map(o -> o.value().getOp() + ":" + o.value().getState()))
          .containsExactly("c:live", "d:ended");
      assertThat(out.stream().filter(o -> o.key().equals("s3")).map(o -> o.value().getState()))
          .containsExactly(LifecycleState.error);

      LifecycleEvent snapshot = out.get(0).value();
      assertThat(snapshot.getName()).isEqualTo("Keynote");
      assertThat(snapshot.getRoom()).isEqualTo("hall-a");
      assertThat(snapshot.getStartedAt()).isEqualTo(java.time.Instant.parse("2026-11-22T10:00:00Z"));
      assertThat(snapshot.getSource()).isEqualTo(LifecycleSource.cdc);
      LifecycleEvent sessionEnded = out.stream().map(Out::value)
          .filter(e -> e.getEntity() == LifecycleEntity.session && e.getOp() == ChangeOp.u).findFirst().orElseThrow();
      assertThat(sessionEnded.getEndedAt()).isEqualTo(java.time.Instant.parse("2026-11-22T11:00:00Z"));
      assertThat(sessionEnded.getRoom()).isEqualTo("hall-a");

      // Every record carries its LSN, and event ids are unique and equal to the header.
      assertThat(out).allSatisfy(o -> {
        assertThat(o.value().getLsn()).isNotNull().isEqualTo(o.lsn());
        assertThat(o.value().getEventId()).isEqualTo(o.eventId());
      });
      assertThat(out.stream().map(o -> o.value().getEventId()).collect(Collectors.toSet())).hasSize(out.size());
      assertThat(source.counters().badChanges()).isZero();
      assertThat(source.health().status()).isEqualTo(CdcHealth.Status.RUNNING);
    }
  }

  @Test
  void alertRuleCreatedChangedDeletedBecomesRuleUpdateAndTombstone() throws Exception {
    String db = newDatabase();
    CdcConfig config = CdcTestSupport.config(db, broker);
    try (CdcSource source = CdcSource.fromConfig(config)) {
      source.start();
      awaitRunning(source);
      sql(db,
          "INSERT INTO alert_rules (rule_id, name, source, metric, aggregation, op, threshold, for_s, matchers, group_name, severity, labels, annotations) "
              + "VALUES ('r1', 'High loss', 'quality', 'loss_pct', 'avg', 'gt', 5, 30, "
              + "'[{\"label\":\"kind\",\"op\":\"eq\",\"value\":\"audio\"},{\"label\":\"room\",\"op\":\"=~\",\"value\":\"hall-.*\"}]', "
              + "'network', 'critical', '{\"team\":\"media\"}', '{\"summary\":\"loss {{ $value }}\"}')",
          // Bad input: an unknown source is counted and skipped, and the source keeps going.
          "INSERT INTO alert_rules (rule_id, name, source, metric, op, threshold) VALUES ('bad', 'Broken', 'nonsense', 'x', 'gt', 1)",
          "UPDATE alert_rules SET threshold = 8, version = 2 WHERE rule_id = 'r1'",
          "DELETE FROM alert_rules WHERE rule_id = 'r1'");

      await().atMost(Duration.ofSeconds(30)).until(() -> CdcTestSupport.rules(config.alertRulesTopic()).size() >= 3);
      List<Out<AlertRule>> out = CdcTestSupport.rules(config.alertRulesTopic());
      assertThat(out).extracting(Out::key).containsExactly("r1", "r1", "r1");
      AlertRule created = out.get(0).value();
      assertThat(created.getSource()).isEqualTo(RuleSource.quality);
      assertThat(created.getOp()).isEqualTo(CompareOp.gt);
      assertThat(created.getThreshold()).isEqualTo(5.0);
      assertThat(created.getForS()).isEqualTo(30L);
      assertThat(created.getSeverity()).isEqualTo(Severity.critical);
      assertThat(created.getGroup()).isEqualTo("network");
      assertThat(created.getMatchers()).hasSize(2);
      assertThat(created.getMatchers().get(1).getOp()).isEqualTo(MatchOp.re);
      assertThat(created.getLabels()).containsEntry("team", "media");
      assertThat(created.getAnnotations()).containsEntry("summary", "loss {{ $value }}");
      assertThat(out.get(1).value().getThreshold()).isEqualTo(8.0);
      assertThat(out.get(1).value().getVersion()).isEqualTo(2L);
      assertThat(out.get(2).value()).as("a deleted rule is a tombstone").isNull();
      assertThat(out.get(2).lsn()).isNotNull();
      assertThat(source.counters().badChanges()).isEqualTo(1);
    }
  }

  @Test
  void changesMadeWhileStoppedArriveExactlyOnceAfterRestart() throws Exception {
    String db = newDatabase();
    CdcConfig config = CdcTestSupport.config(db, broker);
    try (CdcSource first = CdcSource.fromConfig(config)) {
      first.start();
      awaitRunning(first);
      sql(db, "INSERT INTO streams (id, name) VALUES ('before', 'before stop')");
      await().atMost(Duration.ofSeconds(30)).until(() -> CdcTestSupport.lifecycle(config.lifecycleTopic()).size() == 1);
    }

    String[] changes = new String[100];
    for (int i = 0; i < 50; i++) {
      changes[2 * i] = "INSERT INTO streams (id, name) VALUES ('x" + i + "', 'stream " + i + "')";
      changes[2 * i + 1] = "UPDATE streams SET state = 'stopped' WHERE id = 'x" + i + "'";
    }
    sql(db, changes);

    try (CdcSource second = CdcSource.fromConfig(config)) {
      long t0 = System.nanoTime();
      second.start();
      await().atMost(START).until(() -> CdcTestSupport.lifecycle(config.lifecycleTopic()).size() >= 101);
      // A figure for the report, not an assertion: restart (engine start + catch-up of 100 changes).
      System.out.printf("CDC restart + catch-up of 100 changes: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
      // Give a duplicate, if any, time to show up: heartbeats and one more flush cycle.
      sql(db, "INSERT INTO streams (id, name) VALUES ('marker', 'marker')");
      await().atMost(Duration.ofSeconds(30)).until(() -> CdcTestSupport.lifecycle(config.lifecycleTopic()).stream()
          .anyMatch(o -> o.key().equals("marker")));
    }
    // Offsets live in a compacted Kafka topic (KafkaOffsetBackingStore), not in memory or a local file.
    try (var admin = broker.admin()) {
      var resource = new org.apache.kafka.common.config.ConfigResource(
          org.apache.kafka.common.config.ConfigResource.Type.TOPIC, config.offsetTopic());
      assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource).get("cleanup.policy").value())
          .isEqualTo("compact");
    }
    List<Out<LifecycleEvent>> out = CdcTestSupport.lifecycle(config.lifecycleTopic());
    List<Out<LifecycleEvent>> whileStopped = out.stream().filter(o -> o.key().startsWith("x")).toList();
    Set<String> keyAndLsn = new HashSet<>();
    whileStopped.forEach(o -> keyAndLsn.add(o.key() + "@" + o.lsn()));
    assertThat(whileStopped).hasSize(100);
    assertThat(keyAndLsn).as("each change exactly once, by key + LSN").hasSize(100);
    assertThat(out.stream().filter(o -> o.key().equals("before"))).hasSize(1);
    assertThat(out).hasSize(102);
    for (int i = 0; i < 50; i++) {
      String key = "x" + i;
      assertThat(whileStopped.stream().filter(o -> o.key().equals(key)).map(o -> o.value().getState()))
          .containsExactly(LifecycleState.live, LifecycleState.stopped);
    }
  }

  @Test
  void simulatedControlPlaneStreamsStartAndEndDownstream() throws Exception {
    String db = newDatabase();
    CdcConfig config = CdcTestSupport.config(db, broker);
    try (CdcSource source = CdcSource.fromConfig(config);
        ControlPlaneSimulator simulator = new ControlPlaneSimulator(db, "postgres", "", new SimulatorPlan(2, 0))) {
      source.start();
      awaitRunning(source);
      for (int i = 0; i < 3; i++) {
        simulator.tick(); // start sim-0, start sim-1, end sim-0
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> CdcTestSupport.lifecycle(config.lifecycleTopic()).stream()
          .anyMatch(o -> o.key().equals("sim-0") && o.value().getEntity() == LifecycleEntity.stream
              && o.value().getState() == LifecycleState.stopped));
      List<Out<LifecycleEvent>> out = CdcTestSupport.lifecycle(config.lifecycleTopic());
      assertThat(out.stream().filter(o -> o.key().equals("sim-0")).map(o -> o.value().getEntity() + ":" + o.value().getState()))
          .containsExactly("stream:live", "session:live", "consumer:joined", "consumer:left", "session:ended", "stream:stopped");
      assertThat(out.stream().filter(o -> o.key().equals("sim-1")).map(o -> o.value().getEntity() + ":" + o.value().getState()))
          .containsExactly("stream:live", "session:live", "consumer:joined");
    }
  }
}

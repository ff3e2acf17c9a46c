package io.vigil.collectors.cdc;

import static io.vigil.collectors.cdc.CdcTestSupport.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.collectors.cdc.CdcTestSupport.Out;
import io.vigil.schemas.avro.LifecycleEvent;
import io.vigil.testkit.kafka.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database restarts under a running source: it reports the outage, reconnects by itself and loses nothing. */
class DatabaseRestartTest {

  @Test
  void recoversFromDatabaseRestartWithoutLosingChanges(@TempDir Path dir) throws Exception {
    KafkaBroker broker = KafkaBroker.shared();
    try (RestartablePostgres pg = new RestartablePostgres(dir.resolve("pgdata"))) {
      pg.start();
      CdcTestSupport.createTables(pg.jdbcUrl());
      CdcConfig config = CdcTestSupport.config(pg.jdbcUrl(), broker);
      try (CdcSource source = CdcSource.fromConfig(config)) {
        source.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> source.health().status() == CdcHealth.Status.RUNNING);
        // Idle database: heartbeats keep the source healthy (and the slot moving) with no captured change at all.
        await().during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(10))
            .until(() -> source.health().status() == CdcHealth.Status.RUNNING);
        sql(pg.jdbcUrl(), "INSERT INTO streams (id, name) VALUES ('a', 'before outage')");
        await().atMost(Duration.ofSeconds(30)).until(() -> keys(config).contains("a"));
        // Committed just before the outage: may or may not have been streamed yet; it must arrive either way.
        sql(pg.jdbcUrl(), "INSERT INTO streams (id, name) VALUES ('b', 'racing the outage')");

        pg.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> source.health().status() == CdcHealth.Status.RECONNECTING);
        assertThat(source.health().detail()).isNotBlank();

        pg.start();
        sql(pg.jdbcUrl(), "INSERT INTO streams (id, name) VALUES ('c', 'after outage')");
        await().atMost(Duration.ofSeconds(60)).until(() -> keys(config).containsAll(Set.of("a", "b", "c")));
        await().atMost(Duration.ofSeconds(30)).until(() -> source.health().status() == CdcHealth.Status.RUNNING);
        assertThat(source.health().restarts()).isPositive();

        List<Out<LifecycleEvent>> out = CdcTestSupport.lifecycle(config.lifecycleTopic());
        // At-least-once across a crash: a replay repeats the same key + LSN (and event id), never a new one.
        assertThat(out.stream().map(o -> o.key() + "@" + o.lsn()).collect(Collectors.toSet()))
            .hasSize((int) out.stream().map(o -> o.value().getEventId()).distinct().count());
        assertThat(out.stream().map(o -> o.key() + "@" + o.lsn()).distinct().count()).isEqualTo(3);
      }
    }
  }

  @Test
  void unreachableDatabaseAtStartIsReportedAndRetried() throws Exception {
    int closedPort;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      closedPort = probe.getLocalPort();
    }
    CdcConfig config = CdcTestSupport.config("jdbc:postgresql://localhost:" + closedPort + "/postgres", KafkaBroker.shared());
    try (CdcSource source = CdcSource.fromConfig(config)) {
      source.start();
      await().atMost(Duration.ofSeconds(20)).until(() -> source.health().restarts() >= 2);
      CdcHealth health = source.health();
      assertThat(health.status()).isEqualTo(CdcHealth.Status.RECONNECTING);
      assertThat(health.detail()).contains("database unreachable").contains("retry in");
      assertThat(health.healthy()).isFalse();
    }
  }

  private static Set<String> keys(CdcConfig config) {
    return CdcTestSupport.lifecycle(config.lifecycleTopic()).stream().map(Out::key).collect(Collectors.toSet());
  }
}

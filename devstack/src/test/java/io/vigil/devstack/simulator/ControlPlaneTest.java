package io.vigil.devstack.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testkit.http.RecordingHttpReceiver;
import io.vigil.testkit.postgres.Postgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulator drives the control plane's own tables: streams live on start, one in error during stream-error, all stopped at the end. */
class ControlPlaneTest {
  static final Path SCHEMA = Path.of("..").toAbsolutePath().normalize()
      .resolve("collectors/src/main/resources/cdc/controlplane.sql");

  @Test
  void streamErrorFlipsTheFirstStreamAndStopEndsThemAll() throws Exception {
    Postgres pg = Postgres.shared();
    String db = pg.newDatabase();
    try (Connection c = pg.connect(db)) {
      c.createStatement().execute(Files.readString(SCHEMA));
    }
    List<String> states = new ArrayList<>();
    try (var collector = new RecordingHttpReceiver(RecordingHttpReceiver.Answer.of(202, ""));
         var cp = new ControlPlane(pg.jdbcUrl(db), "postgres", "")) {
      var sim = new FleetSimulator(collector.url("/"), "t", new Population(1, 2, 1), Duration.ofMillis(200),
          ScenarioSchedule.parse("healthy@0,stream-error@1"), new PrintStream(new ByteArrayOutputStream()))
          .withControlPlane(cp);
      Thread watcher = new Thread(() -> {
        try (Connection c = pg.connect(db)) {
          for (int i = 0; i < 30; i++) {
            ResultSet rs = c.createStatement().executeQuery("SELECT state FROM streams WHERE id = 'sim-room-0-0'");
            if (rs.next()) {
              synchronized (states) {
                states.add(rs.getString(1));
              }
            }
            Thread.sleep(100);
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      watcher.start();
      sim.run(Duration.ofMillis(2500));
      watcher.join();
    }
    assertThat(states).contains("live", "error");
    try (Connection c = pg.connect(db)) {
      ResultSet rs = c.createStatement().executeQuery(
          "SELECT count(*) FILTER (WHERE state = 'stopped'), count(*), bool_and(ended_at IS NOT NULL) FROM streams");
      rs.next();
      assertThat(rs.getInt(2)).isEqualTo(2);
      assertThat(rs.getInt(1)).isEqualTo(2);
      assertThat(rs.getBoolean(3)).isTrue();
      ResultSet sessions = c.createStatement().executeQuery("SELECT count(*) FROM stream_sessions WHERE ended_at IS NULL");
      sessions.next();
      assertThat(sessions.getInt(1)).isZero();
    }
  }
}

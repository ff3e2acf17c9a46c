package io.vigil.collectors.cdc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a media control plane against the tables of cdc/controlplane.sql for the dev stack: streams start and end
 * (with a session and a consumer each) so the CDC source has something to capture and /streams?status=active moves.
 */
public final class ControlPlaneSimulator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ControlPlaneSimulator.class);

  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final SimulatorPlan plan;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "controlplane-simulator");
    t.setDaemon(true);
    return t;
  });
  private long tick;

  public ControlPlaneSimulator(String jdbcUrl, String user, String password, SimulatorPlan plan) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    this.plan = plan;
  }

  public void start(Duration interval) {
    timer.scheduleWithFixedDelay(() -> {
      try {
        tick();
      } catch (SQLException | RuntimeException e) {
        // The database may be restarting in the dev stack; the next tick tries again.
        LOG.warn("control-plane simulator tick failed: {}", e.getMessage());
      }
    }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One step: read the live streams, apply the plan's actions in one transaction. */
  public synchronized List<SimulatorPlan.Action> tick() throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
      c.setAutoCommit(false);
      List<String> live = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT id FROM streams WHERE state = 'live' ORDER BY started_at, id");
          ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          live.add(rs.getString(1));
        }
      }
      List<SimulatorPlan.Action> actions = plan.next(tick++, live);
      for (SimulatorPlan.Action a : actions) {
        apply(c, a);
      }
      c.commit();
      return actions;
    }
  }

  private static void apply(Connection c, SimulatorPlan.Action a) throws SQLException {
    if (a instanceof SimulatorPlan.Start s) {
      exec(c, "INSERT INTO streams (id, name, state, room_name, started_at) VALUES (?, ?, 'live', ?, now()) ON CONFLICT (id) DO NOTHING",
          s.streamId(), s.name(), s.room());
      exec(c, "INSERT INTO stream_sessions (id, stream_id, room_name) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING",
          s.streamId() + "-session", s.streamId(), s.room());
      exec(c, "INSERT INTO consumers (id, stream_id, name) VALUES (?, ?, 'hls-packager') ON CONFLICT (id) DO NOTHING",
          s.streamId() + "-hls", s.streamId());
    } else if (a instanceof SimulatorPlan.End e) {
      exec(c, "UPDATE consumers SET state = 'detached', detached_at = now() WHERE stream_id = ? AND detached_at IS NULL", e.streamId());
      exec(c, "UPDATE stream_sessions SET ended_at = now() WHERE stream_id = ? AND ended_at IS NULL", e.streamId());
      exec(c, "UPDATE streams SET state = 'stopped', ended_at = now(), updated_at = now() WHERE id = ?", e.streamId());
    } else if (a instanceof SimulatorPlan.Fail f) {
      exec(c, "UPDATE streams SET state = 'error', updated_at = now() WHERE id = ?", f.streamId());
    }
  }

  private static void exec(Connection c, String sql, String... args) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setString(i + 1, args[i]);
      }
      s.executeUpdate();
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}

package io.vigil.devstack.simulator;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The simulated media control plane's tables (streams, stream_sessions): the simulator starts streams there, flips one
 * to error for the stream-error scenario and ends them on stop, so CDC carries the lifecycle as it would in production.
 */
public final class ControlPlane implements AutoCloseable {
  private final Connection connection;

  public ControlPlane(String jdbcUrl, String user, String password) throws SQLException {
    this.connection = DriverManager.getConnection(jdbcUrl, user, password);
    connection.setAutoCommit(true);
  }

  /** Marks every simulated room's stream live, with an open session. */
  public void start(List<Population.Participant> participants) throws SQLException {
    Set<Population.Participant> rooms = new LinkedHashSet<>();
    Set<String> seen = new java.util.HashSet<>();
    for (Population.Participant p : participants) {
      if (seen.add(p.streamId())) {
        rooms.add(p);
      }
    }
    try (PreparedStatement stream = connection.prepareStatement("""
            INSERT INTO streams (id, name, state, room_name, started_at, ended_at, updated_at)
            VALUES (?, ?, 'live', ?, now(), NULL, now())
            ON CONFLICT (id) DO UPDATE SET state = 'live', started_at = now(), ended_at = NULL, updated_at = now()""");
         PreparedStatement session = connection.prepareStatement("""
            INSERT INTO stream_sessions (id, stream_id, room_name, started_at, ended_at) VALUES (?, ?, ?, now(), NULL)
            ON CONFLICT (id) DO UPDATE SET started_at = now(), ended_at = NULL""")) {
      for (Population.Participant p : rooms) {
        stream.setString(1, p.streamId());
        stream.setString(2, "Simulated " + p.room());
        stream.setString(3, p.room());
        stream.executeUpdate();
        session.setString(1, p.sessionId());
        session.setString(2, p.streamId());
        session.setString(3, p.room());
        session.executeUpdate();
      }
    }
  }

  /** Sets one stream's state (live, stopped or error). */
  public void setState(String streamId, String state) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(
        "UPDATE streams SET state = ?, updated_at = now(), ended_at = CASE WHEN ? = 'stopped' THEN now() END WHERE id = ?")) {
      s.setString(1, state);
      s.setString(2, state);
      s.setString(3, streamId);
      s.executeUpdate();
    }
  }

  /** Ends every simulated stream and session. */
  public void stopAll(List<Population.Participant> participants) throws SQLException {
    for (String id : participants.stream().map(Population.Participant::streamId).distinct().toList()) {
      setState(id, "stopped");
    }
    try (PreparedStatement s = connection.prepareStatement(
        "UPDATE stream_sessions SET ended_at = now() WHERE ended_at IS NULL AND stream_id LIKE 'sim-room-%'")) {
      s.executeUpdate();
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}

package io.vigil.alerting.dedup;

import io.vigil.alerting.model.Notification;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** The notification log in {@code alert_notifications}, which also feeds the API's alert history. */
public final class JdbcNotificationLog implements NotificationLog {
  private final DataSource dataSource;

  public JdbcNotificationLog(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Optional<LogEntry> lastDelivered(String groupKey, String receiver) {
    try (Connection c = dataSource.getConnection();
         PreparedStatement ps = c.prepareStatement("SELECT alerts_hash, status, outcome, sent_at FROM alert_notifications"
             + " WHERE group_key = ? AND receiver = ? AND outcome = 'sent' ORDER BY sent_at DESC, id DESC LIMIT 1")) {
      ps.setString(1, groupKey);
      ps.setString(2, receiver);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new LogEntry(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getTimestamp(4).toInstant()));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("notification log read failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void record(Notification n, String outcome, int attempts, Integer httpStatus, String error) {
    try (Connection c = dataSource.getConnection();
         PreparedStatement ps = c.prepareStatement("INSERT INTO alert_notifications (tenant, group_key, receiver, status,"
             + " fingerprints, alerts_hash, outcome, attempts, http_status, error) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
      ps.setString(1, n.tenant());
      ps.setString(2, n.groupKey());
      ps.setString(3, n.receiver());
      ps.setString(4, n.status());
      ps.setArray(5, c.createArrayOf("text", n.fingerprints().toArray()));
      ps.setString(6, n.alertsHash());
      ps.setString(7, outcome);
      ps.setInt(8, attempts);
      if (httpStatus == null) {
        ps.setNull(9, java.sql.Types.INTEGER);
      } else {
        ps.setInt(9, httpStatus);
      }
      ps.setString(10, error);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("notification log write failed: " + e.getMessage(), e);
    }
  }
}

package io.vigil.alerting.dedup;

import io.vigil.alerting.model.Notification;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
  public Map<String, LogEntry> lastDelivered(Collection<String> groupKeys, String receiver) {
    Map<String, LogEntry> out = new HashMap<>();
    if (groupKeys.isEmpty()) {
      return out;
    }
    try (Connection c = dataSource.getConnection();
         PreparedStatement ps = c.prepareStatement("SELECT DISTINCT ON (group_key) group_key, alerts_hash, status,"
             + " outcome, sent_at FROM alert_notifications WHERE group_key = ANY(?) AND receiver = ? AND outcome = 'sent'"
             + " ORDER BY group_key, sent_at DESC, id DESC")) {
      ps.setArray(1, c.createArrayOf("text", groupKeys.toArray()));
      ps.setString(2, receiver);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), new LogEntry(rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getTimestamp(5).toInstant()));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("notification log read failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void record(Notification n, String outcome, int attempts, Integer httpStatus, String error) {
    recordAll(List.of(new Row(n, outcome, attempts, httpStatus, error)));
  }

  /** One round trip and one transaction for the whole list. */
  @Override
  public void recordAll(List<Row> rows) {
    if (rows.isEmpty()) {
      return;
    }
    try (Connection c = dataSource.getConnection()) {
      boolean auto = c.getAutoCommit();
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert_notifications (tenant, group_key, receiver,"
          + " status, fingerprints, alerts_hash, outcome, attempts, http_status, error) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
        if (rows.size() > 1) {
          c.setAutoCommit(false);
        }
        for (Row r : rows) {
          Notification n = r.notification();
          ps.setString(1, n.tenant());
          ps.setString(2, n.groupKey());
          ps.setString(3, n.receiver());
          ps.setString(4, n.status());
          ps.setArray(5, c.createArrayOf("text", n.fingerprints().toArray()));
          ps.setString(6, n.alertsHash());
          ps.setString(7, r.outcome());
          ps.setInt(8, r.attempts());
          if (r.httpStatus() == null) {
            ps.setNull(9, java.sql.Types.INTEGER);
          } else {
            ps.setInt(9, r.httpStatus());
          }
          ps.setString(10, r.error());
          if (rows.size() == 1) {
            ps.executeUpdate();
          } else {
            ps.addBatch();
          }
        }
        if (rows.size() > 1) {
          ps.executeBatch();
          c.commit();
        }
      } catch (SQLException e) {
        if (!c.getAutoCommit()) {
          c.rollback();
        }
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("notification log write failed: " + e.getMessage(), e);
    }
  }
}

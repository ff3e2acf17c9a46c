package io.vigil.sink.retention;

import io.vigil.sink.migrate.StorageSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plain-PostgreSQL retention: deletes rows older than each table's retention in bounded batches (one short
 * transaction each), so a large backlog never holds long locks or bloats one transaction. TimescaleDB mode uses
 * retention policies instead.
 */
public final class RetentionJob {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

  /** A table, its time column, and how long rows are kept. */
  public record Rule(String table, String timeColumn, Duration keep) {}

  private final List<Rule> rules;
  private final int batchRows;

  public RetentionJob(List<Rule> rules, int batchRows) {
    this.rules = List.copyOf(rules);
    this.batchRows = batchRows;
  }

  public static List<Rule> rules(StorageSettings s) {
    return List.of(
        new Rule("quality_samples", "ts", s.rawRetention()),
        new Rule("health_samples", "ts", s.rawRetention()),
        new Rule("metric_samples", "ts", s.rawRetention()),
        new Rule("quality_windows_1m", "window_start", s.windowRetention()),
        new Rule("health_windows_1m", "window_start", s.windowRetention()),
        new Rule("metric_windows", "window_start", s.windowRetention()),
        new Rule("quality_1h", "bucket", s.rollupRetention()));
  }

  /** Deletes everything older than now minus retention; returns rows deleted per table. */
  public Map<String, Long> runOnce(Supplier<Connection> connections, Instant now) throws SQLException {
    Map<String, Long> deleted = new LinkedHashMap<>();
    try (Connection c = connections.get()) {
      c.setAutoCommit(true);
      for (Rule r : rules) {
        Timestamp cutoff = Timestamp.from(now.minus(r.keep()));
        String sql = "DELETE FROM " + r.table() + " WHERE ctid = ANY(ARRAY(SELECT ctid FROM " + r.table()
            + " WHERE " + r.timeColumn() + " < ? LIMIT " + batchRows + "))";
        long total = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          int n;
          do {
            ps.setTimestamp(1, cutoff);
            n = ps.executeUpdate();
            total += n;
          } while (n >= batchRows);
        }
        deleted.put(r.table(), total);
      }
    }
    if (deleted.values().stream().anyMatch(n -> n > 0)) {
      LOG.info("retention removed {}", deleted);
    }
    return deleted;
  }
}

package io.vigil.sink.migrate;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Plain-PostgreSQL storage: BRIN indexes on the time columns, so the retention job's range deletes and the API's
 * time-range scans stay cheap on append-only tables (the rows arrive in time order).
 */
final class PostgresSetup {
  private PostgresSetup() {}

  static void apply(Connection c) throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(true);
    try (Statement s = c.createStatement()) {
      s.execute("CREATE INDEX IF NOT EXISTS quality_samples_ts_brin ON quality_samples USING brin (ts)");
      s.execute("CREATE INDEX IF NOT EXISTS health_samples_ts_brin ON health_samples USING brin (ts)");
      s.execute("CREATE INDEX IF NOT EXISTS metric_samples_ts_brin ON metric_samples USING brin (ts)");
      s.execute("CREATE INDEX IF NOT EXISTS quality_windows_1m_start_brin ON quality_windows_1m USING brin (window_start)");
      s.execute("CREATE INDEX IF NOT EXISTS health_windows_1m_start_brin ON health_windows_1m USING brin (window_start)");
      s.execute("CREATE INDEX IF NOT EXISTS metric_windows_start_brin ON metric_windows USING brin (window_start)");
    } finally {
      c.setAutoCommit(auto);
    }
  }
}

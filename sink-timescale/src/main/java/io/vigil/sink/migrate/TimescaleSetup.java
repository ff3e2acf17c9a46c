package io.vigil.sink.migrate;

import io.vigil.sink.rollup.Quality1h;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TimescaleDB storage on top of the core tables: hypertables, compression (segment by series, order by time),
 * retention policies, and quality_1h as a continuous aggregate with a refresh policy. Idempotent; policies are
 * replaced so changed settings take effect on the next start.
 */
final class TimescaleSetup {
  private static final Logger LOG = LoggerFactory.getLogger(TimescaleSetup.class);

  private TimescaleSetup() {}

  /** table, time column, segmentby column, true for raw (false for windows). */
  private static final String[][] HYPERTABLES = {
      {"quality_samples", "ts", "stream_id", "raw"},
      {"health_samples", "ts", "node_id", "raw"},
      {"metric_samples", "ts", "name", "raw"},
      {"quality_windows_1m", "window_start", "stream_id", "windows"},
      {"health_windows_1m", "window_start", "node_id", "windows"},
      {"metric_windows", "window_start", "name", "windows"},
  };

  static void apply(Connection c, StorageSettings settings) throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(true);
    try (Statement s = c.createStatement()) {
      // Same origin as the plain-PostgreSQL date_bin version, so buckets line up in both modes.
      s.execute("CREATE OR REPLACE FUNCTION vigil_bucket(bucket interval, ts timestamptz) RETURNS timestamptz"
          + " LANGUAGE sql IMMUTABLE PARALLEL SAFE AS"
          + " $$ SELECT time_bucket(bucket, ts, TIMESTAMPTZ '2000-01-01 00:00:00+00') $$");
      for (String[] h : HYPERTABLES) {
        String table = h[0];
        String time = h[1];
        s.execute("SELECT create_hypertable('" + table + "', by_range('" + time + "', "
            + StorageSettings.interval(settings.chunkInterval()) + "), if_not_exists => TRUE, migrate_data => TRUE)");
        s.execute("ALTER TABLE " + table + " SET (timescaledb.compress, timescaledb.compress_segmentby = '" + h[2]
            + "', timescaledb.compress_orderby = '" + time + " DESC')");
        s.execute("SELECT remove_compression_policy('" + table + "', if_exists => TRUE)");
        s.execute("SELECT add_compression_policy('" + table + "', " + StorageSettings.interval(settings.compressAfter()) + ")");
        s.execute("SELECT remove_retention_policy('" + table + "', if_exists => TRUE)");
        s.execute("SELECT add_retention_policy('" + table + "', " + StorageSettings.interval(
            h[3].equals("raw") ? settings.rawRetention() : settings.windowRetention()) + ")");
      }
      if (!isContinuousAggregate(c, "quality_1h")) {
        // V1 creates quality_1h as a table for plain PostgreSQL; with TimescaleDB the aggregate replaces it.
        s.execute("DROP TABLE IF EXISTS quality_1h");
        String bucket = "time_bucket(INTERVAL '1 hour', window_start, TIMESTAMPTZ '2000-01-01 00:00:00+00')";
        s.execute("CREATE MATERIALIZED VIEW quality_1h WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS "
            + String.format(Quality1h.SELECT, bucket) + String.format(Quality1h.GROUP_BY, bucket) + " WITH NO DATA");
        LOG.info("created continuous aggregate quality_1h");
      }
      s.execute("SELECT remove_continuous_aggregate_policy('quality_1h', if_exists => TRUE)");
      s.execute("SELECT add_continuous_aggregate_policy('quality_1h', start_offset => INTERVAL '3 hours',"
          + " end_offset => INTERVAL '1 minute', schedule_interval => INTERVAL '5 minutes')");
      s.execute("SELECT remove_retention_policy('quality_1h', if_exists => TRUE)");
      s.execute("SELECT add_retention_policy('quality_1h', " + StorageSettings.interval(settings.rollupRetention()) + ")");
    } finally {
      c.setAutoCommit(auto);
    }
  }

  static boolean isContinuousAggregate(Connection c, String view) throws SQLException {
    try (Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT 1 FROM timescaledb_information.continuous_aggregates WHERE view_name = '"
             + view + "'")) {
      return rs.next();
    }
  }
}

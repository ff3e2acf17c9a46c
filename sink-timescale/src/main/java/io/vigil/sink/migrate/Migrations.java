package io.vigil.sink.migrate;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and upgrades Vigil's schema: the versioned Flyway migrations (same tables in both modes), then the
 * mode-specific storage (hypertables, compression, retention policies and the quality_1h continuous aggregate with
 * TimescaleDB; BRIN time indexes without). Safe to run on every start and from other modules' tests.
 */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  /** Runs everything with default settings and returns the detected storage mode. */
  public static StorageMode run(DataSource dataSource) {
    return run(dataSource, StorageSettings.defaults());
  }

  public static StorageMode run(DataSource dataSource, StorageSettings settings) {
    var result = Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .load()
        .migrate();
    LOG.info("schema at version {} ({} migrations applied)", result.targetSchemaVersion, result.migrationsExecuted);
    try (Connection c = dataSource.getConnection()) {
      StorageMode mode = StorageMode.detect(c);
      if (mode == StorageMode.TIMESCALEDB) {
        TimescaleSetup.apply(c, settings);
      } else {
        PostgresSetup.apply(c);
      }
      LOG.info("storage mode {}", mode);
      return mode;
    } catch (SQLException e) {
      throw new IllegalStateException("storage setup failed: " + e.getMessage(), e);
    }
  }
}

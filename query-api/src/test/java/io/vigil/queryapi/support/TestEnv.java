package io.vigil.queryapi.support;

import io.vigil.sink.migrate.Migrations;
import io.vigil.sink.migrate.StorageMode;
import io.vigil.testkit.postgres.Postgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** One database per test JVM, created by the sink's own migrations, and the properties that point the API at it. */
public final class TestEnv {
  public static final String SECRET = "test-secret-for-vigil-query-api-0123456789";
  private static String database;
  private static StorageMode mode;

  private TestEnv() {}

  public static synchronized String database() {
    if (database == null) {
      String db = Postgres.shared().newDatabase();
      mode = Migrations.run(Postgres.shared().dataSource(db));
      database = db;
    }
    return database;
  }

  /** In PostgreSQL mode the sink refreshes quality_1h in each batch; with TimescaleDB it is a continuous aggregate. */
  static synchronized boolean sinkMaintainsRollup() {
    database();
    return mode == StorageMode.POSTGRESQL;
  }

  public static Connection connect() throws SQLException {
    return Postgres.shared().connect(database());
  }

  public static Map<String, String> properties() {
    Map<String, String> p = new HashMap<>();
    // A free port, not application.yml's 8080: a developer's own ./vigil up (or a stack still stopping) holds 8080.
    p.put("micronaut.server.port", "-1");
    p.put("datasources.default.url", Postgres.shared().jdbcUrl(database()));
    p.put("datasources.default.username", "postgres");
    p.put("datasources.default.password", "");
    p.put("micronaut.security.token.jwt.signatures.secret.generator.secret", SECRET);
    p.put("vigil.kafka.bootstrap", "localhost:1");
    p.put("vigil.schema-registry.url", "http://localhost:1");
    p.put("vigil.rate-limit.per-minute", "100000");
    p.put("vigil.rate-limit.burst", "100000");
    p.put("vigil.media-metrics.enabled", "false");
    return p;
  }
}

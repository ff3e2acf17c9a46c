package io.vigil.queryapi.support;

import io.vigil.testkit.postgres.Postgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** One database per test JVM, created with the sink's own migrations, and the properties that point the API at it. */
public final class TestEnv {
  public static final String SECRET = "test-secret-for-vigil-query-api-0123456789";
  private static final Path MIGRATIONS = Path.of("../sink-timescale/src/main/resources/db/migration");
  private static String database;

  private TestEnv() {}

  public static synchronized String database() {
    if (database == null) {
      database = Postgres.shared().newDatabase();
      try (Connection c = Postgres.shared().connect(database); Statement s = c.createStatement()) {
        for (Path p : migrations()) {
          s.execute(Files.readString(p));
        }
      } catch (SQLException | IOException e) {
        throw new IllegalStateException("schema setup failed", e);
      }
    }
    return database;
  }

  /** V1, V2, ... in version order (numeric, so V10 follows V9). */
  static List<Path> migrations() throws IOException {
    try (Stream<Path> files = Files.list(MIGRATIONS)) {
      return files.filter(p -> p.getFileName().toString().matches("V\\d+__.*\\.sql"))
          .sorted((a, b) -> Integer.compare(version(a), version(b))).toList();
    }
  }

  private static int version(Path p) {
    String n = p.getFileName().toString();
    return Integer.parseInt(n.substring(1, n.indexOf("__")));
  }

  public static Connection connect() throws SQLException {
    return Postgres.shared().connect(database());
  }

  public static Map<String, String> properties() {
    Map<String, String> p = new HashMap<>();
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

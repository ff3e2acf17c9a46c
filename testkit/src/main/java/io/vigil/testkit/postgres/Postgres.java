package io.vigil.testkit.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Embedded PostgreSQL 17 (zonky) with {@code wal_level=logical}, so CDC tests can use it. {@link #shared()} gives one
 * server per JVM; {@link #newDatabase()} a fresh empty database on it for each test that needs isolation.
 */
public final class Postgres implements AutoCloseable {
  private static volatile Postgres shared;
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final EmbeddedPostgres server;

  private Postgres(EmbeddedPostgres server) {
    this.server = server;
  }

  public static Postgres shared() {
    if (shared == null) {
      synchronized (Postgres.class) {
        if (shared == null) {
          Postgres pg = startDedicated();
          Runtime.getRuntime().addShutdownHook(new Thread(pg::close, "postgres-shutdown"));
          shared = pg;
        }
      }
    }
    return shared;
  }

  /** A server of the caller's own (e.g. to stop and restart it); close it when done. */
  public static Postgres startDedicated() {
    return start(0);
  }

  /** Starts a server on a given port (0 = random); a restart on the same port keeps the clients' URLs valid. */
  public static Postgres start(int port) {
    try {
      EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
          .setServerConfig("wal_level", "logical")
          .setServerConfig("max_wal_senders", "10")
          .setServerConfig("max_replication_slots", "10")
          .setServerConfig("max_connections", "200")
          .setServerConfig("fsync", "off")
          .setServerConfig("synchronous_commit", "off");
      if (port > 0) {
        b.setPort(port);
      }
      return new Postgres(b.start());
    } catch (IOException e) {
      throw new IllegalStateException("could not start embedded PostgreSQL: " + e, e);
    }
  }

  public int port() {
    return server.getPort();
  }

  /** JDBC URL of a database on this server (user postgres, no password). */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + port() + "/" + database;
  }

  public DataSource dataSource(String database) {
    return server.getDatabase("postgres", database);
  }

  /** Creates an empty database with a unique name and returns its name. */
  public String newDatabase() {
    String name = "vigil_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + name + ": " + e.getMessage(), e);
    }
    return name;
  }

  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), "postgres", "");
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // Stopping at exit; a failure here must not hide a test result.
    }
  }
}

package io.vigil.devstack.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One of the dev stack's PostgreSQL 17 servers (zonky's embedded binaries, no install needed): Vigil's database, or
 * the simulated media control plane's. Data kept under the dev directory; logical replication on so CDC can capture
 * tables.
 */
public final class LocalDatabase implements AutoCloseable {
  public static final String VIGIL_DB = "vigil";
  public static final String CONTROL_PLANE_DB = "controlplane";

  private final EmbeddedPostgres server;
  private final Path dataDir;

  private LocalDatabase(EmbeddedPostgres server, Path dataDir) {
    this.server = server;
    this.dataDir = dataDir;
  }

  /** Starts (or restarts on its existing data) a server and creates the given databases if they are missing. */
  public static LocalDatabase start(Path dataDir, int port, String... databases) throws IOException {
    Files.createDirectories(dataDir.getParent());
    EmbeddedPostgres server = EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setPort(port)
        .setServerConfig("wal_level", "logical")
        .setServerConfig("max_wal_senders", "10")
        .setServerConfig("max_replication_slots", "10")
        .setServerConfig("max_connections", "200")
        .setServerConfig("shared_buffers", "128MB")
        // At 20,000 samples/s the sink writes about 20 MB of WAL a second, so the default 1 GB forced a checkpoint
        // about every 50 s, and after each one the first change to every index page is logged as a whole 8 kB page
        // (and read again by both CDC slots). Fewer checkpoints, fewer such pages; WAL on disk stays under 2 GB.
        .setServerConfig("max_wal_size", "2GB")
        .setServerConfig("checkpoint_timeout", "15min")
        // C collation: every index entry on a text column (stream_id, participant_id, tenant) is compared with memcmp
        // instead of the libc locale's strcoll, a few percent of the raw-sample COPY at 20,000 rows/s. Applies when
        // the data directory is created; ids sort by code point.
        .setLocaleConfig("locale", "C")
        .setLocaleConfig("encoding", "UTF8")
        .start();
    LocalDatabase db = new LocalDatabase(server, dataDir);
    for (String name : databases) {
      db.ensureDatabase(name);
    }
    return db;
  }

  /** The postmaster's pid (first line of {@code postmaster.pid}): the process every backend is forked from. */
  public long serverPid() throws IOException {
    String first = Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim();
    return Long.parseLong(first);
  }

  public int port() {
    return server.getPort();
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
  }

  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), "postgres", "");
  }

  /** The server's system identifier: chosen at initdb, so a new data directory is a new server. */
  public long systemIdentifier() throws IOException {
    try (Connection c = connect("postgres"); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT system_identifier FROM pg_control_system()")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IOException("cannot read the server's system identifier: " + e.getMessage(), e);
    }
  }

  private void ensureDatabase(String name) throws IOException {
    try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
      ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
      if (!rs.next()) {
        s.execute("CREATE DATABASE " + name);
      }
    } catch (SQLException e) {
      throw new IOException("cannot create database " + name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}

package io.vigil.collectors.cdc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An embedded PostgreSQL that keeps its data directory and port across stop/start, so a restart is a real restart
 * (same slot, same data). The testkit's {@code Postgres.start(port)} initialises a fresh cluster each time, which would
 * drop the replication slot; this helper stays local until the testkit offers a persistent data directory.
 */
final class RestartablePostgres implements AutoCloseable {
  private final Path dataDir;
  private int port;
  private EmbeddedPostgres server;

  RestartablePostgres(Path dataDir) {
    this.dataDir = dataDir;
  }

  void start() throws IOException {
    EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setServerConfig("wal_level", "logical")
        .setServerConfig("max_wal_senders", "10")
        .setServerConfig("max_replication_slots", "10")
        .setServerConfig("fsync", "off")
        // The default 10 s is short for a restart on the same port on 2 busy cores (a full ./vigil test run).
        .setPGStartupWait(java.time.Duration.ofSeconds(60));
    if (port > 0) {
      b.setPort(port);
    }
    server = b.start();
    port = server.getPort();
  }

  void stop() throws IOException {
    server.close();
    server = null;
  }

  String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + port + "/postgres";
  }

  @Override
  public void close() throws IOException {
    if (server != null) {
      stop();
    }
  }
}

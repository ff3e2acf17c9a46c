package io.vigil.devstack.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.stream.Stream;

/** Creates the storage schema from the sink's own migration files, in version order. */
final class StorageSchema {
  static final Path MIGRATIONS = Path.of("..").toAbsolutePath().normalize()
      .resolve("sink-timescale/src/main/resources/db/migration");

  private StorageSchema() {}

  static void create(Connection c) throws Exception {
    try (Stream<Path> files = Files.list(MIGRATIONS); Statement s = c.createStatement()) {
      for (Path f : files.filter(p -> p.getFileName().toString().matches("V\\d+__.*\\.sql"))
          .sorted((a, b) -> Integer.compare(version(a), version(b))).toList()) {
        s.execute(Files.readString(f));
      }
    }
  }

  private static int version(Path p) {
    String n = p.getFileName().toString();
    return Integer.parseInt(n.substring(1, n.indexOf("__")));
  }
}

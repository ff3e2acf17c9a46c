package io.vigil.sink.migrate;

import java.time.Duration;

/** Retention, chunking and compression settings of the storage (ARCHITECTURE section 6 defaults). */
public record StorageSettings(Duration rawRetention, Duration windowRetention, Duration rollupRetention,
                              Duration chunkInterval, Duration compressAfter) {
  public static StorageSettings defaults() {
    return new StorageSettings(Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(365), Duration.ofHours(1),
        Duration.ofDays(1));
  }

  /** A Duration as a PostgreSQL interval literal, e.g. INTERVAL '3600 seconds'. */
  public static String interval(Duration d) {
    return "INTERVAL '" + d.toSeconds() + " seconds'";
  }
}

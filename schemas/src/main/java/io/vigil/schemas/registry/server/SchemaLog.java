package io.vigil.schemas.registry.server;

import java.util.List;

/** Where the registry keeps its changes so a restart rebuilds the same ids and versions. */
public interface SchemaLog extends AutoCloseable {
  /** Every entry written so far, in order. */
  List<LogEntry> readAll();

  /** Durably appends one entry; returns only when it is stored. */
  void append(LogEntry entry);

  @Override
  default void close() {}
}

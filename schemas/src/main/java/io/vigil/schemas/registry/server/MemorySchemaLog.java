package io.vigil.schemas.registry.server;

import java.util.ArrayList;
import java.util.List;

/** A log that lives as long as the process: for unit tests and throwaway registries. */
public final class MemorySchemaLog implements SchemaLog {
  private final List<LogEntry> entries = new ArrayList<>();

  @Override
  public synchronized List<LogEntry> readAll() {
    return List.copyOf(entries);
  }

  @Override
  public synchronized void append(LogEntry entry) {
    entries.add(entry);
  }
}

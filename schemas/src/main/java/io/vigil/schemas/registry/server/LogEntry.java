package io.vigil.schemas.registry.server;

/** One durable change of the registry: a schema version, or a compatibility setting (null subject = global). */
public interface LogEntry {
  record SchemaVersion(String subject, int version, int id, String schema) implements LogEntry {}

  record Config(String subject, CompatibilityLevel level) implements LogEntry {}
}

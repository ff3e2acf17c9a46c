package io.vigil.schemas.registry.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * The registry's data: subjects and their versions, global schema ids, compatibility levels. Pure, so the rules
 * (same schema -> same id, compatibility before a new version) are testable without HTTP or Kafka.
 */
public final class RegistryState {
  /** A registered version of a subject. */
  public record Version(String subject, int version, int id, Schema schema) {}

  /** Outcome of planning a registration: an existing version, or a new entry still to be logged and applied. */
  public record Plan(int id, Optional<LogEntry.SchemaVersion> newEntry) {}

  /** The schema cannot join the subject; {@code problems} says why. */
  public static final class IncompatibleException extends RuntimeException {
    public IncompatibleException(String subject, List<String> problems) {
      super("Schema being registered is incompatible with an earlier schema for subject \"" + subject + "\": "
          + String.join("; ", problems));
    }
  }

  private final Map<String, List<Version>> subjects = new TreeMap<>();
  private final Map<Integer, Schema> schemasById = new HashMap<>();
  private final Map<Schema, Integer> idsBySchema = new HashMap<>();
  private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
  private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
  private int maxId;

  public synchronized void apply(LogEntry entry) {
    if (entry instanceof LogEntry.SchemaVersion v) {
      Schema schema = new Schema.Parser().parse(v.schema());
      schemasById.put(v.id(), schema);
      idsBySchema.putIfAbsent(schema, v.id());
      maxId = Math.max(maxId, v.id());
      subjects.computeIfAbsent(v.subject(), s -> new ArrayList<>()).add(new Version(v.subject(), v.version(), v.id(), schema));
    } else if (entry instanceof LogEntry.Config c) {
      if (c.subject() == null) {
        globalLevel = c.level();
      } else {
        subjectLevels.put(c.subject(), c.level());
      }
    }
  }

  /** Decides what registering {@code schema} under {@code subject} means; nothing changes until the entry is applied. */
  public synchronized Plan plan(String subject, Schema schema) {
    List<Version> versions = subjects.getOrDefault(subject, List.of());
    for (Version v : versions) {
      if (v.schema().equals(schema)) {
        return new Plan(v.id(), Optional.empty());
      }
    }
    List<String> problems = level(subject).problems(schema, versions.stream().map(Version::schema).toList());
    if (!problems.isEmpty()) {
      throw new IncompatibleException(subject, problems);
    }
    int id = idsBySchema.getOrDefault(schema, maxId + 1);
    return new Plan(id, Optional.of(new LogEntry.SchemaVersion(subject, versions.size() + 1, id, schema.toString())));
  }

  /** Problems registering would hit, without registering; empty when compatible. */
  public synchronized List<String> compatibilityProblems(String subject, Schema schema) {
    List<Version> versions = subjects.getOrDefault(subject, List.of());
    return level(subject).problems(schema, versions.stream().map(Version::schema).toList());
  }

  public synchronized Optional<Version> lookup(String subject, Schema schema) {
    return subjects.getOrDefault(subject, List.of()).stream().filter(v -> v.schema().equals(schema)).findFirst();
  }

  public synchronized Optional<Schema> schemaById(int id) {
    return Optional.ofNullable(schemasById.get(id));
  }

  public synchronized List<String> subjects() {
    return List.copyOf(subjects.keySet());
  }

  public synchronized Optional<List<Version>> versions(String subject) {
    return Optional.ofNullable(subjects.get(subject)).map(List::copyOf);
  }

  public synchronized Optional<Version> version(String subject, String version) {
    List<Version> versions = subjects.get(subject);
    if (versions == null || versions.isEmpty()) {
      return Optional.empty();
    }
    if ("latest".equals(version) || "-1".equals(version)) {
      return Optional.of(versions.get(versions.size() - 1));
    }
    int n = Integer.parseInt(version);
    return versions.stream().filter(v -> v.version() == n).findFirst();
  }

  public synchronized CompatibilityLevel level(String subject) {
    return subject == null ? globalLevel : subjectLevels.getOrDefault(subject, globalLevel);
  }
}

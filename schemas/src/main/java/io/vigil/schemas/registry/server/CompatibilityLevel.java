package io.vigil.schemas.registry.server;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/** Confluent's compatibility levels, checked with Avro's own {@link SchemaCompatibility}. */
public enum CompatibilityLevel {
  NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE;

  /**
   * Problems that stop {@code candidate} from joining a subject whose versions are {@code existing} (oldest first);
   * empty when it is compatible.
   */
  public List<String> problems(Schema candidate, List<Schema> existing) {
    if (this == NONE || existing.isEmpty()) {
      return List.of();
    }
    boolean transitive = name().endsWith("_TRANSITIVE");
    List<Schema> against = transitive ? existing : List.of(existing.get(existing.size() - 1));
    boolean backward = name().startsWith("BACKWARD") || name().startsWith("FULL");
    boolean forward = name().startsWith("FORWARD") || name().startsWith("FULL");
    List<String> problems = new ArrayList<>();
    for (Schema old : against) {
      if (backward) {
        problems.addAll(check(candidate, old, "new schema cannot read data written with an existing version"));
      }
      if (forward) {
        problems.addAll(check(old, candidate, "an existing version cannot read data written with the new schema"));
      }
    }
    return problems;
  }

  private static List<String> check(Schema reader, Schema writer, String what) {
    var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
    if (result.getCompatibility() == SchemaCompatibilityType.COMPATIBLE) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (Incompatibility i : result.getIncompatibilities()) {
      out.add(what + ": " + i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")");
    }
    return out;
  }

  public static CompatibilityLevel parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("unknown compatibility level '" + text + "'; one of NONE, BACKWARD, "
          + "BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE");
    }
  }
}

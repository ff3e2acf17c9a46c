package io.vigil.sink.rows;

import java.time.Instant;
import java.util.UUID;

/**
 * Normalises Avro values into the Java values a {@link Row} holds: strings, enum names, instants, numbers, booleans
 * and UUIDs as they are; anything else (lists, maps) as JSON text. Writers render them as the database needs.
 */
public final class Values {
  private Values() {}

  public static Object of(Object v) {
    if (v == null || v instanceof String || v instanceof Instant || v instanceof Number || v instanceof Boolean) {
      return v;
    }
    if (v instanceof CharSequence || v instanceof Enum<?>) {
      return v.toString();
    }
    return PgText.json(v);
  }

  /** A uuid column: checked here so a malformed id is rejected with a clear message before it reaches the database. */
  public static UUID uuid(CharSequence id) {
    if (id == null) {
      throw new IllegalArgumentException("event_id is missing");
    }
    try {
      return UUID.fromString(id.toString());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("event_id is not a uuid: '" + id + "'");
    }
  }
}

package io.vigil.collectors.cdc;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One captured row change, decoupled from Debezium's Connect structs: table, operation, primary key, the row
 * before and after (before is usually only the key columns, as without REPLICA IDENTITY FULL), LSN and commit time.
 */
public record RowChange(
    String table, Op op, Map<String, Object> key, Map<String, Object> before, Map<String, Object> after, Long lsn,
    Instant committedAt) {

  /** Debezium's operation codes; snapshot reads are {@code r}. */
  public enum Op {
    CREATE, UPDATE, DELETE, READ;

    /** Maps Debezium's one-letter code; empty for operations Vigil does not capture (truncate, message). */
    public static Optional<Op> fromCode(String code) {
      return Optional.ofNullable(switch (code == null ? "" : code) {
        case "c" -> CREATE;
        case "u" -> UPDATE;
        case "d" -> DELETE;
        case "r" -> READ;
        default -> null;
      });
    }
  }

  public RowChange {
    key = key == null ? Map.of() : new TreeMap<>(key);
    before = before == null ? Map.of() : before;
    after = after == null ? Map.of() : after;
  }

  /** The row image that describes the state: the after-image, or for a delete whatever before-image exists. */
  public Map<String, Object> row() {
    return op == Op.DELETE ? before : after;
  }

  /**
   * A column of the current row image; the primary key wins (present even without a before-image). For a delete
   * without REPLICA IDENTITY FULL, Debezium fills NOT NULL non-key columns with type defaults ("" or the epoch): those
   * are treated as unknown rather than reported as real values.
   */
  public Optional<Object> column(String name) {
    if (name == null) {
      return Optional.empty();
    }
    Object v = key.get(name);
    if (v == null) {
      v = row().get(name);
      if (op == Op.DELETE && isTypeDefault(v)) {
        v = null;
      }
    }
    return Optional.ofNullable(v);
  }

  private static boolean isTypeDefault(Object v) {
    return (v instanceof CharSequence cs && cs.length() == 0) || Instant.EPOCH.equals(v);
  }

  /** Table name without its schema. */
  public String simpleTable() {
    int dot = table.lastIndexOf('.');
    return dot < 0 ? table : table.substring(dot + 1);
  }
}

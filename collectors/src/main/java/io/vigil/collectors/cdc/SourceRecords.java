package io.vigil.collectors.cdc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/** Reads Debezium's change envelope (before/after/source/op) into a {@link RowChange}; heartbeats and tombstones give none. */
public final class SourceRecords {
  /** Debezium's placeholder for an unchanged TOASTed column it could not read (no REPLICA IDENTITY FULL). */
  static final String UNAVAILABLE = "__debezium_unavailable_value";

  private SourceRecords() {}

  public static Optional<RowChange> toRowChange(SourceRecord record) {
    if (!(record.value() instanceof Struct value) || value.schema().field("op") == null
        || value.schema().field("source") == null) {
      return Optional.empty(); // tombstone, heartbeat or transaction marker
    }
    Optional<RowChange.Op> op = RowChange.Op.fromCode(value.getString("op"));
    if (op.isEmpty()) {
      return Optional.empty();
    }
    Struct source = value.getStruct("source");
    String table = source.getString("schema") + "." + source.getString("table");
    Long lsn = source.schema().field("lsn") == null ? null : source.getInt64("lsn");
    Long tsMs = source.getInt64("ts_ms");
    Map<String, Object> key = record.key() instanceof Struct k ? columns(k) : Map.of();
    return Optional.of(new RowChange(table, op.get(), key, columns(value.getStruct("before")),
        columns(value.getStruct("after")), lsn, tsMs == null ? null : Instant.ofEpochMilli(tsMs)));
  }

  static Map<String, Object> columns(Struct row) {
    if (row == null) {
      return Map.of();
    }
    Map<String, Object> out = new HashMap<>();
    for (Field f : row.schema().fields()) {
      Object v = normalise(f.schema(), row.get(f));
      if (v != null) {
        out.put(f.name(), v);
      }
    }
    return out;
  }

  /** Turns Debezium's temporal encodings into Instants; drops the unavailable-value placeholder. */
  static Object normalise(Schema schema, Object v) {
    if (v == null || UNAVAILABLE.equals(v)) {
      return null;
    }
    String name = schema.name();
    if (name == null) {
      return v;
    }
    return switch (name) {
      case "io.debezium.time.ZonedTimestamp" -> OffsetDateTime.parse(v.toString()).toInstant();
      case "io.debezium.time.Timestamp" -> Instant.ofEpochMilli(((Number) v).longValue());
      case "io.debezium.time.MicroTimestamp" -> micros(((Number) v).longValue());
      case "io.debezium.time.NanoTimestamp" -> Instant.ofEpochSecond(0, ((Number) v).longValue());
      case "org.apache.kafka.connect.data.Timestamp" -> ((Date) v).toInstant();
      default -> v;
    };
  }

  private static Instant micros(long us) {
    return Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000L);
  }
}

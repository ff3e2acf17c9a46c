package io.vigil.schemas.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.Encoder;
import org.apache.avro.util.Utf8;

/**
 * Avro binary writer compiled once per schema into a tree of small writers, one per field. Generated classes whose
 * schema carries a logical type (QualitySample's {@code ts} is timestamp-millis) get no custom coders from Avro, so
 * {@code SpecificDatumWriter} walks the schema reflectively for every record (union resolution by type name, a
 * conversion lookup per field); on the collector's push path that was about a third of the agent's CPU. The bytes are the same
 * as {@code SpecificDatumWriter}'s (a test compares them); schemas with shapes it does not handle (general unions,
 * fixed, other logical types) are not compiled and the caller keeps using Avro's writer.
 */
public final class CompiledAvroWriter {
  /** Writes one value of a fixed schema. */
  interface ValueWriter {
    void write(Object value, Encoder out) throws IOException;
  }

  private final ValueWriter root;

  private CompiledAvroWriter(ValueWriter root) {
    this.root = root;
  }

  /** A writer for records of {@code schema}, or empty when the schema uses something this writer does not cover. */
  public static Optional<CompiledAvroWriter> compile(Schema schema) {
    if (schema.getType() != Schema.Type.RECORD) {
      return Optional.empty();
    }
    ValueWriter w = writerFor(schema, schema.getFullName());
    return w == null ? Optional.empty() : Optional.of(new CompiledAvroWriter(w));
  }

  public void write(IndexedRecord record, Encoder out) throws IOException {
    root.write(record, out);
  }

  /** Null when unsupported. {@code path} names the field in error messages, like Avro's own writer does. */
  private static ValueWriter writerFor(Schema s, String path) {
    LogicalType logical = s.getLogicalType();
    if (logical != null && !(s.getType() == Schema.Type.LONG && "timestamp-millis".equals(logical.getName()))) {
      return null;
    }
    switch (s.getType()) {
      case NULL:
        return (v, out) -> out.writeNull();
      case BOOLEAN:
        return (v, out) -> out.writeBoolean((Boolean) required(v, path));
      case INT:
        return (v, out) -> out.writeInt(((Number) required(v, path)).intValue());
      case LONG:
        if (logical != null) {
          return (v, out) -> out.writeLong(required(v, path) instanceof Instant i ? i.toEpochMilli() : (Long) v);
        }
        return (v, out) -> out.writeLong(((Number) required(v, path)).longValue());
      case FLOAT:
        return (v, out) -> out.writeFloat(((Number) required(v, path)).floatValue());
      case DOUBLE:
        return (v, out) -> out.writeDouble(((Number) required(v, path)).doubleValue());
      case STRING:
        return CompiledAvroWriter::writeString;
      case BYTES:
        return (v, out) -> out.writeBytes(((ByteBuffer) required(v, path)).duplicate());
      case ENUM:
        return (v, out) -> out.writeEnum(s.getEnumOrdinal(required(v, path).toString()));
      case ARRAY:
        return array(s, path);
      case MAP:
        return map(s, path);
      case RECORD:
        return record(s, path);
      case UNION:
        return nullableUnion(s, path);
      default:
        return null; // FIXED
    }
  }

  private static Object required(Object v, String path) {
    if (v == null) {
      throw new NullPointerException("null value for (non-nullable) " + path);
    }
    return v;
  }

  private static void writeString(Object v, Encoder out) throws IOException {
    if (v instanceof Utf8 u) {
      out.writeString(u);
    } else {
      out.writeString(v.toString()); // NPE on null, as Avro's writer
    }
  }

  private static ValueWriter record(Schema s, String path) {
    List<Schema.Field> fields = s.getFields();
    ValueWriter[] writers = new ValueWriter[fields.size()];
    for (int i = 0; i < writers.length; i++) {
      writers[i] = writerFor(fields.get(i).schema(), path + "." + fields.get(i).name());
      if (writers[i] == null) {
        return null;
      }
    }
    return (v, out) -> {
      IndexedRecord r = (IndexedRecord) required(v, path);
      for (int i = 0; i < writers.length; i++) {
        writers[i].write(r.get(i), out);
      }
    };
  }

  /** Only {@code [null, X]} and {@code [X, null]}: the shape every optional field in the catalogue uses. */
  private static ValueWriter nullableUnion(Schema s, String path) {
    List<Schema> branches = s.getTypes();
    if (branches.size() != 2) {
      return null;
    }
    int nullIndex = branches.get(0).getType() == Schema.Type.NULL ? 0
        : branches.get(1).getType() == Schema.Type.NULL ? 1 : -1;
    if (nullIndex < 0) {
      return null;
    }
    int valueIndex = 1 - nullIndex;
    ValueWriter value = writerFor(branches.get(valueIndex), path);
    if (value == null) {
      return null;
    }
    return (v, out) -> {
      if (v == null) {
        out.writeIndex(nullIndex);
        out.writeNull();
      } else {
        out.writeIndex(valueIndex);
        value.write(v, out);
      }
    };
  }

  private static ValueWriter array(Schema s, String path) {
    ValueWriter element = writerFor(s.getElementType(), path + "[]");
    if (element == null) {
      return null;
    }
    return (v, out) -> {
      Collection<?> items = (Collection<?>) required(v, path);
      out.writeArrayStart();
      out.setItemCount(items.size());
      for (Object item : items) {
        out.startItem();
        element.write(item, out);
      }
      out.writeArrayEnd();
    };
  }

  private static ValueWriter map(Schema s, String path) {
    ValueWriter value = writerFor(s.getValueType(), path + "{}");
    if (value == null) {
      return null;
    }
    return (v, out) -> {
      Map<?, ?> m = (Map<?, ?>) required(v, path);
      out.writeMapStart();
      out.setItemCount(m.size());
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.startItem();
        writeString(e.getKey(), out);
        value.write(e.getValue(), out);
      }
      out.writeMapEnd();
    };
  }
}

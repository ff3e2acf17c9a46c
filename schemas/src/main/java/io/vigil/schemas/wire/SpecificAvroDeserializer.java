package io.vigil.schemas.wire;

import io.vigil.schemas.registry.SchemaRegistryClient;
import io.vigil.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire-format records into a specific record class, resolving the writer's schema (by id, from the
 * registry, cached) against the reader's, so records written with an older compatible schema still decode.
 */
public class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
  static {
    AvroTrust.install();
  }

  private SchemaRegistryClient registry;
  private Class<T> type;
  private Schema readerSchema;
  private final Map<Integer, SpecificDatumReader<T>> readers = new ConcurrentHashMap<>();

  /** For Kafka's reflective construction; {@link #configure} supplies the registry and {@code vigil.avro.value.type}. */
  public SpecificAvroDeserializer() {}

  public SpecificAvroDeserializer(SchemaRegistryClient registry, Class<T> type) {
    this.registry = registry;
    setType(type);
  }

  @Override
  @SuppressWarnings("unchecked")
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (registry == null) {
      registry = SerdeConfig.client(configs);
    }
    if (type == null) {
      Object name = configs.get(SerdeConfig.VALUE_TYPE);
      if (name == null) {
        throw new IllegalArgumentException("'" + SerdeConfig.VALUE_TYPE + "' must name the SpecificRecord class to read");
      }
      try {
        setType((Class<T>) Class.forName(name.toString()));
      } catch (ClassNotFoundException e) {
        throw new IllegalArgumentException("'" + SerdeConfig.VALUE_TYPE + "' names an unknown class: " + name, e);
      }
    }
  }

  private void setType(Class<T> type) {
    this.type = type;
    this.readerSchema = SpecificData.get().getSchema(type);
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null; // tombstone
    }
    if (registry == null || type == null) {
      throw new IllegalStateException("SpecificAvroDeserializer used before configure()");
    }
    ByteBuffer buffer = ByteBuffer.wrap(data);
    int id = WireFormat.readHeader(buffer, topic);
    SpecificDatumReader<T> reader;
    try {
      reader = readers.computeIfAbsent(id, this::readerFor);
    } catch (SchemaRegistryException e) {
      throw new SerializationException("cannot read " + type.getSimpleName() + " from " + topic
          + ": writer schema id " + id + ": " + e.getMessage(), e);
    }
    try {
      BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, buffer.position(), buffer.remaining(), null);
      return reader.read(null, decoder);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("corrupt Avro body for " + type.getSimpleName() + " on " + topic
          + " (schema id " + id + "): " + e, e);
    }
  }

  private SpecificDatumReader<T> readerFor(int id) {
    return new SpecificDatumReader<>(registry.schemaById(id), readerSchema);
  }
}

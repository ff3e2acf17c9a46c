package io.vigil.schemas.wire;

import io.vigil.schemas.registry.SchemaRegistryClient;
import io.vigil.schemas.registry.SchemaRegistryException;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/** Writes specific records in the Confluent wire format, registering the schema under {@code <topic>-value}. */
public class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {
  static {
    AvroTrust.install();
  }

  private SchemaRegistryClient registry;
  private boolean autoRegister = true;
  private boolean isKey;

  /** For Kafka's reflective construction; {@link #configure} supplies the registry. */
  public SpecificAvroSerializer() {}

  public SpecificAvroSerializer(SchemaRegistryClient registry) {
    this.registry = registry;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.isKey = isKey;
    this.autoRegister = SerdeConfig.autoRegister(configs);
    if (registry == null) {
      registry = SerdeConfig.client(configs);
    }
  }

  @Override
  public byte[] serialize(String topic, T record) {
    if (record == null) {
      return null; // tombstone
    }
    if (registry == null) {
      throw new IllegalStateException("SpecificAvroSerializer used before configure(): no schema registry");
    }
    Schema schema = record.getSchema();
    String subject = topic + (isKey ? "-key" : "-value");
    int id;
    try {
      id = autoRegister ? registry.register(subject, schema) : lookup(subject, schema);
    } catch (SchemaRegistryException e) {
      throw new SerializationException("cannot serialize " + schema.getFullName() + " for " + topic + ": " + e.getMessage(), e);
    }
    try {
      return AvroEncoding.wire(id, record);
    } catch (RuntimeException e) {
      throw new SerializationException("cannot encode " + schema.getFullName() + " for " + topic + ": " + e.getMessage(), e);
    }
  }

  private int lookup(String subject, Schema schema) {
    // Without auto-registration the schema must already exist; register() is idempotent for a known schema.
    if (!registry.isCompatible(subject, schema)) {
      throw new SchemaRegistryException.Incompatible("schema " + schema.getFullName() + " is not registered under " + subject);
    }
    return registry.register(subject, schema);
  }
}

package io.vigil.schemas.wire;

import io.vigil.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka Streams Serde for one specific record type in the Confluent wire format. */
public final class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {
  private final SpecificAvroSerializer<T> serializer;
  private final SpecificAvroDeserializer<T> deserializer;

  public SpecificAvroSerde(SchemaRegistryClient registry, Class<T> type) {
    this.serializer = new SpecificAvroSerializer<>(registry);
    this.deserializer = new SpecificAvroDeserializer<>(registry, type);
  }

  /** A serde configured for values, ready to use. */
  public static <T extends SpecificRecord> SpecificAvroSerde<T> forValues(SchemaRegistryClient registry, Class<T> type) {
    SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(registry, type);
    serde.configure(Map.of(), false);
    return serde;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    serializer.configure(configs, isKey);
    deserializer.configure(configs, isKey);
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }
}

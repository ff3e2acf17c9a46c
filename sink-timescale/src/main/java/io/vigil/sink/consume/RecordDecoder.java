package io.vigil.sink.consume;

import io.vigil.schemas.registry.SchemaRegistryClient;
import io.vigil.schemas.registry.SchemaRegistryException;
import io.vigil.schemas.topics.Topic;
import io.vigil.schemas.wire.SpecificAvroDeserializer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** Decodes a topic's Confluent wire-format values into the topic's Avro class (from the topic catalogue). */
public final class RecordDecoder {
  private final Map<String, SpecificAvroDeserializer<? extends SpecificRecord>> byTopic = new HashMap<>();

  @SuppressWarnings({"unchecked", "rawtypes"})
  public RecordDecoder(SchemaRegistryClient registry) {
    for (Topic t : Topic.values()) {
      t.valueType().ifPresent(type -> byTopic.put(t.topicName(), new SpecificAvroDeserializer(registry, type)));
    }
  }

  /** The decoded value, or null for a tombstone. */
  public SpecificRecord decode(String topic, byte[] value) {
    var d = byTopic.get(topic);
    if (d == null) {
      throw new IllegalArgumentException("topic " + topic + " is not in the catalogue");
    }
    return d.deserialize(topic, value);
  }

  /** A registry outage is not the record's fault: the batch is retried instead of dead-lettered. */
  public static boolean isRegistryOutage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SchemaRegistryException.Unavailable) {
        return true;
      }
    }
    return false;
  }
}

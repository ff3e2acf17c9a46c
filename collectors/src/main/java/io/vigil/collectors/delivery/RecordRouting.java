package io.vigil.collectors.delivery;

import io.vigil.schemas.topics.Topic;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;

/** Picks the topic of a record by its value type and its Kafka key by the catalogue's key field. */
public final class RecordRouting {
  private static final Map<Class<?>, Topic> BY_TYPE = new ConcurrentHashMap<>();

  private RecordRouting() {}

  public static Topic topicOf(SpecificRecord record) {
    return BY_TYPE.computeIfAbsent(record.getClass(), c -> {
      for (Topic t : Topic.values()) {
        if (t.valueType().filter(c::equals).isPresent()) {
          return t;
        }
      }
      throw new IllegalArgumentException("no topic in the catalogue carries " + c.getName());
    });
  }

  /** The key: the value of the catalogue's key field (e.g. stream_id for QualitySample), as a string. */
  public static String keyOf(Topic topic, SpecificRecord record) {
    var field = record.getSchema().getField(topic.key());
    if (field == null) {
      throw new IllegalArgumentException(topic.topicName() + " key field " + topic.key() + " missing in "
          + record.getSchema().getFullName());
    }
    return Objects.toString(record.get(field.pos()), "");
  }
}

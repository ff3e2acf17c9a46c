package io.vigil.collectors.delivery;

import io.vigil.schemas.registry.SchemaRegistryClient;
import io.vigil.schemas.topics.Topic;
import io.vigil.schemas.wire.WireFormat;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * Turns a spooled Avro body into Confluent wire format (magic 0, schema id, body), registering the value schema
 * under {@code <topic>-value} like {@link io.vigil.schemas.wire.SpecificAvroSerializer} does; ids are cached per topic.
 */
public final class WireHeaders {
  private final SchemaRegistryClient registry;
  private final Map<String, Integer> ids = new ConcurrentHashMap<>();

  public WireHeaders(SchemaRegistryClient registry) {
    this.registry = registry;
  }

  public byte[] wrap(String topic, byte[] body) {
    int id = ids.computeIfAbsent(topic, this::register);
    ByteBuffer buf = ByteBuffer.allocate(WireFormat.HEADER_SIZE + body.length);
    WireFormat.writeHeader(buf, id);
    buf.put(body);
    return buf.array();
  }

  private int register(String topic) {
    Topic t = Topic.byName(topic).orElseThrow(() -> new IllegalArgumentException("unknown topic " + topic));
    Class<?> type = t.valueType().orElseThrow(() -> new IllegalArgumentException(topic + " has no Avro value type"));
    Schema schema = SpecificData.get().getSchema(type);
    return registry.register(t.valueSubject(), schema);
  }
}

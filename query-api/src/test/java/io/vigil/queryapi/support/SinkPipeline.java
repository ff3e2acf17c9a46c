package io.vigil.queryapi.support;

import io.vigil.schemas.registry.SchemaRegistryClient;
import io.vigil.schemas.topics.Topic;
import io.vigil.schemas.wire.AvroTrust;
import io.vigil.schemas.wire.SpecificAvroSerializer;
import io.vigil.sink.consume.RecordDecoder;
import io.vigil.sink.rows.Row;
import io.vigil.sink.rows.RowMapper;
import io.vigil.sink.rows.SourceRecord;
import io.vigil.sink.write.Batch;
import io.vigil.sink.write.BatchWriter;
import io.vigil.sink.write.OffsetStore;
import io.vigil.sink.write.Rejection;
import io.vigil.testkit.registry.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Writes pipeline records into the test database the way sink-timescale does, without a broker: each value is
 * serialized to the Confluent wire format against the test schema registry, decoded by the sink's
 * {@link RecordDecoder}, mapped by its {@link RowMapper} and written by its {@link BatchWriter} (COPY for append
 * tables, upserts for state tables, the quality_1h rollup refresh in PostgreSQL mode) together with the offsets in
 * sink_offsets, in one transaction per batch. A record the sink would dead-letter fails the test instead.
 */
public final class SinkPipeline {
  /** One record as a producer would send it: the topic, its key and its value. */
  public record Produced(Topic topic, String key, SpecificRecord value) {}

  private static final int PARTITION = 0;
  private static SchemaRegistryClient registry;
  private static SpecificAvroSerializer<SpecificRecord> serializer;
  private static RecordDecoder decoder;
  private static BatchWriter writer;
  /** Next offset per topic, as the sink's consumer would have read it; null until the first batch. */
  private static final Map<TopicPartition, Long> NEXT = new HashMap<>();

  private SinkPipeline() {}

  private static void init() {
    if (writer == null) {
      AvroTrust.install();
      registry = TestRegistry.client();
      serializer = new SpecificAvroSerializer<>(registry);
      decoder = new RecordDecoder(registry);
      writer = new BatchWriter(true, TestEnv.sinkMaintainsRollup(), new OffsetStore("vigil-sink"), rejected -> {
        if (!rejected.isEmpty()) {
          throw new IllegalStateException("the sink rejected seeded records: " + describe(rejected));
        }
      });
    }
  }

  public static void write(Topic topic, String key, SpecificRecord... values) {
    List<Produced> records = new ArrayList<>();
    for (SpecificRecord v : values) {
      records.add(new Produced(topic, key, v));
    }
    write(records);
  }

  /** One sink batch: every record decoded and mapped, then rows and offsets committed together. */
  public static synchronized void write(List<Produced> records) {
    init();
    TestEnv.database();
    List<Row> rows = new ArrayList<>();
    Map<TopicPartition, Long> next = new HashMap<>();
    Map<TopicPartition, Long> expected = new HashMap<>();
    for (Produced p : records) {
      String topic = p.topic().topicName();
      TopicPartition tp = new TopicPartition(topic, PARTITION);
      expected.putIfAbsent(tp, NEXT.get(tp));
      long offset = next.getOrDefault(tp, NEXT.getOrDefault(tp, 0L));
      byte[] key = p.key() == null ? null : p.key().getBytes(StandardCharsets.UTF_8);
      byte[] bytes = serializer.serialize(topic, p.value());
      SpecificRecord decoded = decoder.decode(topic, bytes);
      rows.addAll(RowMapper.map(decoded, new SourceRecord(topic, PARTITION, offset, key, bytes)));
      next.put(tp, offset + 1);
    }
    try (Connection c = TestEnv.connect()) {
      writer.write(c, new Batch(rows, List.of(), next, expected));
    } catch (SQLException e) {
      throw new IllegalStateException("sink batch failed: " + e.getMessage(), e);
    }
    NEXT.putAll(next);
  }

  private static String describe(List<Rejection> rejected) {
    StringBuilder sb = new StringBuilder();
    for (Rejection r : rejected) {
      sb.append(System.lineSeparator()).append("  ").append(r.source().topic()).append('@').append(r.source().offset())
          .append(' ').append(r.stage()).append(": ").append(r.message());
    }
    return sb.toString();
  }
}

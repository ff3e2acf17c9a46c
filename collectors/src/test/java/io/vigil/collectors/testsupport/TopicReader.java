package io.vigil.collectors.testsupport;

import io.vigil.schemas.wire.SpecificAvroDeserializer;
import io.vigil.testkit.registry.TestRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads partition 0 of a test topic directly (no consumer group): its end offset, and what the agent wrote there. */
public final class TopicReader {
  private TopicReader() {}

  public static long endOffset(String bootstrap, String topic) {
    try (var c = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        new StringDeserializer(), new StringDeserializer())) {
      TopicPartition tp = new TopicPartition(topic, 0);
      return c.endOffsets(List.of(tp)).get(tp);
    }
  }

  /**
   * Records of {@code type} from offset {@code from} that pass {@code keep}, until {@code atLeast} arrived or
   * {@code within} passed. With a {@code settle} time, reaching the partition's end after the first match also ends
   * the read, once nothing more has come for that long (so a test can see duplicates, and fewer than expected).
   */
  public static <T extends SpecificRecord> List<T> consume(String bootstrap, String topic, long from, Class<T> type,
      Predicate<T> keep, int atLeast, Duration within, Duration settle) {
    List<T> out = new ArrayList<>();
    try (var c = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        new StringDeserializer(), new SpecificAvroDeserializer<>(TestRegistry.client(), type))) {
      TopicPartition tp = new TopicPartition(topic, 0);
      c.assign(Set.of(tp));
      c.seek(tp, from);
      long deadline = System.currentTimeMillis() + within.toMillis();
      while (System.currentTimeMillis() < deadline && out.size() < atLeast) {
        c.poll(Duration.ofMillis(200)).forEach(r -> keepIf(keep, r.value(), out));
        if (settle != null && !out.isEmpty() && c.position(tp) >= c.endOffsets(List.of(tp)).get(tp)) {
          long settled = System.currentTimeMillis() + settle.toMillis();
          while (System.currentTimeMillis() < settled) {
            c.poll(Duration.ofMillis(100)).forEach(r -> keepIf(keep, r.value(), out));
          }
          break;
        }
      }
    }
    return out;
  }

  private static <T> void keepIf(Predicate<T> keep, T value, List<T> out) {
    if (keep.test(value)) {
      out.add(value);
    }
  }
}

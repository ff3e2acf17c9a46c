package io.vigil.collectors.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.collectors.testsupport.TopicReader;
import io.vigil.schemas.avro.Direction;
import io.vigil.schemas.avro.MediaKind;
import io.vigil.schemas.avro.QualitySample;
import io.vigil.schemas.topics.Topic;
import io.vigil.schemas.wire.AvroEncoding;
import io.vigil.schemas.wire.SpecificAvroDeserializer;
import io.vigil.schemas.wire.SpecificAvroSerializer;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.registry.TestRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka unavailable: the agent is first pointed at a bootstrap address where nothing listens (the "broker down"
 * phase), publishes, and is stopped; a new agent on the same spool directory pointed at a live broker replays.
 */
class KafkaDeliveryTest {
  @TempDir Path dir;

  static QualitySample sample(String stream, long seq) {
    return QualitySample.newBuilder().setEventId(UUID.randomUUID().toString()).setTs(Instant.now()).setNodeId("n1")
        .setCollectorSeq(seq).setStreamId(stream).setKind(MediaKind.audio).setDirection(Direction.inbound)
        .setSource("browser").setLossPct(1.0).build();
  }

  @Test
  void spoolsWhileKafkaIsUnreachableThenReplaysInOrderWithoutLossOrDuplicates() throws Exception {
    KafkaBroker broker = KafkaBroker.shared();
    String topic = Topic.QUALITY.topicName();
    broker.createTopics(topic);
    long startOffset = endOffset(broker, topic);
    int n = 3_000;

    try (DiskSpool spool = new DiskSpool(dir, 64L << 20, 1L << 20);
        KafkaDelivery down = new KafkaDelivery(spool, new WireHeaders(TestRegistry.client()), "127.0.0.1:1",
            Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 300))) {
      for (int i = 0; i < n; i += 100) {
        int from = i;
        down.publish(IntStream.range(from, from + 100).mapToObj(s -> sample("s" + (s % 7), s)).toList());
      }
      assertThat(down.stats().pending()).isEqualTo(n);
      await().atMost(Duration.ofSeconds(10)).until(() -> down.stats().sendErrors() > 0);
      assertThat(down.stats().delivered()).isZero();
    }

    try (DiskSpool spool = new DiskSpool(dir, 64L << 20, 1L << 20);
        KafkaDelivery up = new KafkaDelivery(spool, new WireHeaders(TestRegistry.client()), broker.bootstrapServers(),
            Map.of())) {
      assertThat(spool.pending()).isEqualTo(n);
      up.publish(List.of(sample("s0", n)));
      await().atMost(Duration.ofSeconds(30)).until(() -> up.stats().pending() == 0);
      assertThat(up.stats().dropped()).isZero();
    }

    List<QualitySample> got = consume(broker, topic, startOffset, n + 1);
    Set<String> ids = new HashSet<>();
    got.forEach(s -> ids.add(s.getEventId()));
    assertThat(ids).hasSize(n + 1);
    // one partition: the whole sequence comes back in publish order
    assertThat(got.stream().map(QualitySample::getCollectorSeq).toList())
        .containsExactlyElementsOf(IntStream.rangeClosed(0, n).mapToObj(i -> (long) i).toList());
  }

  @Test
  void wireBytesMatchTheProjectSerializer() {
    QualitySample s = sample("s1", 1);
    var client = TestRegistry.client();
    try (SpecificAvroSerializer<QualitySample> ser = new SpecificAvroSerializer<>(client)) {
      byte[] expected = ser.serialize(Topic.QUALITY.topicName(), s);
      byte[] actual = new WireHeaders(client).wrap(Topic.QUALITY.topicName(), AvroEncoding.body(s));
      assertThat(actual).isEqualTo(expected);
    }
    assertThat(RecordRouting.keyOf(Topic.QUALITY, s)).isEqualTo("s1");
  }

  static long endOffset(KafkaBroker broker, String topic) {
    return TopicReader.endOffset(broker.bootstrapServers(), topic);
  }

  static List<QualitySample> consume(KafkaBroker broker, String topic, long from, int expected) {
    List<QualitySample> out = new ArrayList<>();
    try (var c = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        broker.bootstrapServers(), ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
        new SpecificAvroDeserializer<>(TestRegistry.client(), QualitySample.class))) {
      TopicPartition tp = new TopicPartition(topic, 0);
      c.assign(List.of(tp));
      c.seek(tp, from);
      long deadline = System.currentTimeMillis() + 20_000;
      while (System.currentTimeMillis() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
        if (c.position(tp) >= c.endOffsets(List.of(tp)).get(tp) && out.size() >= expected) {
          break;
        }
      }
    }
    return out;
  }
}

package io.vigil.streams.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.schemas.avro.AlertEvent;
import io.vigil.schemas.avro.AlertStatus;
import io.vigil.schemas.avro.LifecycleState;
import io.vigil.schemas.avro.QualityWindow;
import io.vigil.schemas.registry.SchemaRegistryClient;
import io.vigil.schemas.topics.Topic;
import io.vigil.schemas.wire.SpecificAvroDeserializer;
import io.vigil.schemas.wire.SpecificAvroSerializer;
import io.vigil.streams.StreamsApp;
import io.vigil.streams.config.StreamsSettings;
import io.vigil.streams.testing.Samples;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.registry.TestRegistry;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On the real in-process broker with exactly_once_v2: the application is stopped mid-stream and a new instance with an
 * empty state directory takes over (state restored from changelogs). No window may be emitted twice or lose records,
 * and the alert sequence must be exactly pending, firing, resolved.
 */
class RestartExactlyOnceTest {
  // A broker of its own: the assertions read whole topics, which other integration tests also write alerts to.
  private static KafkaBroker broker;
  private final SchemaRegistryClient registry = TestRegistry.client();

  @BeforeAll
  static void ownBroker() {
    broker = KafkaBroker.startDedicated();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void restartMidStreamNeitherDuplicatesNorLosesWindowsOrTransitions() throws Exception {
    broker.createTopics(Arrays.stream(Topic.values()).map(Topic::topicName).toArray(String[]::new));
    Instant base = Instant.ofEpochMilli((System.currentTimeMillis() / 60_000) * 60_000 - 120_000);
    String appId = "vigil-it-" + System.nanoTime();

    try (KafkaProducer<String, SpecificRecord> producer = producer()) {
      producer.send(new ProducerRecord<>(Topic.LIFECYCLE.topicName(), null, base.toEpochMilli(), "s1",
          Samples.stream("s1", LifecycleState.live, base)));
      sendLoss(producer, base, 0, 4, 1.0);
      sendLoss(producer, base, 6, 20, 8.0);
      producer.flush();

      try (StreamsApp first = app(appId)) {
        first.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> statuses(readAll(Topic.ALERTS, AlertEvent.class))
            .contains(AlertStatus.firing));
      } // stopped mid-stream: the 10 s window [20, 30) and the 1 min window are open

      sendLoss(producer, base, 22, 30, 8.0);
      sendLoss(producer, base, 32, 40, 1.0);
      // another stream on the same partition pushes stream time past the 1 min window's grace
      producer.send(new ProducerRecord<>(Topic.QUALITY.topicName(), null, base.plusSeconds(70).toEpochMilli(), "s1",
          Samples.audio("s1-tick", base.plusSeconds(70), 0.0)));
      producer.flush();

      try (StreamsApp second = app(appId)) {
        second.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> readAll(Topic.QUALITY_WINDOWS, QualityWindow.class).stream()
            .anyMatch(w -> w.getWindow().equals("1m") && w.getStreamId().equals("s1")));
        await().atMost(Duration.ofSeconds(30)).until(() -> statuses(readAll(Topic.ALERTS, AlertEvent.class))
            .contains(AlertStatus.resolved));
        assertThat(second.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
      }
    }

    List<AlertEvent> alerts = readAll(Topic.ALERTS, AlertEvent.class);
    assertThat(statuses(alerts)).containsExactly(AlertStatus.pending, AlertStatus.firing, AlertStatus.resolved);
    assertThat(alerts.get(1).getStartsAt()).isEqualTo(base.plusSeconds(16));

    List<QualityWindow> windows = readAll(Topic.QUALITY_WINDOWS, QualityWindow.class).stream()
        .filter(w -> w.getStreamId().equals("s1") && "mic".equals(w.getTrackId())).toList();
    Map<String, Long> counts = new HashMap<>();
    for (QualityWindow w : windows) {
      String key = w.getWindow() + "@" + (w.getWindowStart().toEpochMilli() - base.toEpochMilli()) / 1000;
      assertThat(counts.put(key, w.getCount())).as("window %s emitted once", key).isNull();
    }
    assertThat(counts).containsEntry("10s@0", 5L).containsEntry("10s@10", 5L).containsEntry("10s@20", 5L)
        .containsEntry("10s@30", 5L).containsEntry("1m@0", 21L);
  }

  private static void sendLoss(KafkaProducer<String, SpecificRecord> producer, Instant base, int from, int to, double loss) {
    for (int t = from; t <= to; t += 2) {
      Instant ts = base.plusSeconds(t);
      producer.send(new ProducerRecord<>(Topic.QUALITY.topicName(), null, ts.toEpochMilli(), "s1",
          Samples.audio("s1", ts, loss)));
    }
  }

  private StreamsApp app(String appId) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("VIGIL_KAFKA_BOOTSTRAP", broker.bootstrapServers());
    env.put("VIGIL_STREAMS_APP_ID", appId);
    env.put("VIGIL_STREAMS_STATE_DIR", Files.createTempDirectory("vigil-it-state").toString()); // empty: restore
    env.put("VIGIL_DEFAULT_RULES", "false");
    StreamsSettings settings = StreamsSettings.fromEnv(env);
    return new StreamsApp(settings, registry, Map.of(), List.of(Samples.lossRule("loss", 10)));
  }

  private KafkaProducer<String, SpecificRecord> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p, new StringSerializer(), new SpecificAvroSerializer<>(registry));
  }

  private <T extends SpecificRecord> List<T> readAll(Topic topic, Class<T> type) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Deserializer<T> values = new SpecificAvroDeserializer<>(registry, type);
    List<T> out = new ArrayList<>();
    try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(p, new StringDeserializer(), values)) {
      var partitions = consumer.partitionsFor(topic.topicName()).stream()
          .map(i -> new org.apache.kafka.common.TopicPartition(i.topic(), i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.currentTimeMillis() + 10_000;
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
          && System.currentTimeMillis() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
      }
    }
    return out;
  }

  private static List<AlertStatus> statuses(List<AlertEvent> events) {
    return events.stream().map(AlertEvent::getStatus).toList();
  }
}

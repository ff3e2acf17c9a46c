package io.vigil.collectors.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.schemas.avro.CollectorCommand;
import io.vigil.schemas.avro.CommandType;
import io.vigil.schemas.topics.Topic;
import io.vigil.schemas.wire.SpecificAvroSerializer;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.registry.TestRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class CommandListenerTest {
  static CollectorCommand cmd(String node, String stream, Instant at) {
    return CollectorCommand.newBuilder().setEventId(UUID.randomUUID().toString()).setNodeId(node)
        .setCommand(CommandType.collect_now).setStreamId(stream).setRequestedBy("test").setRequestedAt(at).build();
  }

  @Test
  void filterTakesOwnAndBroadcastFreshCommandsOnly() {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    Duration age = Duration.ofMinutes(2);
    assertThat(CommandFilter.applies(cmd("n1", "s", now), "n1", now, age)).isTrue();
    assertThat(CommandFilter.applies(cmd("*", "s", now), "n1", now, age)).isTrue();
    assertThat(CommandFilter.applies(cmd("n2", "s", now), "n1", now, age)).isFalse();
    assertThat(CommandFilter.applies(cmd("n1", "s", now.minusSeconds(600)), "n1", now, age)).isFalse();
  }

  @Test
  void collectNowFromKafkaReachesTheHandlers() throws Exception {
    KafkaBroker broker = KafkaBroker.shared();
    String topic = Topic.COLLECTOR_COMMANDS.topicName();
    broker.createTopics(topic);
    List<String> asked = new CopyOnWriteArrayList<>();
    try (CommandListener listener = new CommandListener(broker.bootstrapServers(), TestRegistry.client(), "node-cmd",
        List.of(stream -> {
          asked.add(String.valueOf(stream));
          return 1;
        })).start();
        KafkaProducer<String, CollectorCommand> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(),
            new SpecificAvroSerializer<>(TestRegistry.client()))) {
      // the listener starts at the latest offset: keep sending until its assignment is in place
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
        producer.send(new ProducerRecord<>(topic, "node-other", cmd("node-other", "x", Instant.now()))).get();
        producer.send(new ProducerRecord<>(topic, "node-cmd", cmd("node-cmd", "stream-7", Instant.now()))).get();
        return !asked.isEmpty();
      });
      assertThat(asked).containsOnly("stream-7");
    }
  }
}

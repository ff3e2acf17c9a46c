package io.vigil.queryapi;

import static io.vigil.queryapi.QualityEndpointsTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.vigil.queryapi.support.Http;
import io.vigil.queryapi.support.Seed;
import io.vigil.queryapi.support.TestEnv;
import io.vigil.queryapi.support.Tokens;
import io.vigil.schemas.avro.CollectorCommand;
import io.vigil.schemas.avro.CommandType;
import io.vigil.schemas.avro.Component;
import io.vigil.schemas.avro.HealthSample;
import io.vigil.schemas.topics.Topic;
import io.vigil.schemas.wire.SpecificAvroDeserializer;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.registry.TestRegistry;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaPublishTest implements TestPropertyProvider {
  static final String T = "acme-k";

  @Inject
  EmbeddedServer server;
  Http http;

  @Override
  public Map<String, String> getProperties() {
    KafkaBroker broker = KafkaBroker.shared();
    broker.createTopics(Topic.COLLECTOR_COMMANDS.topicName(), Topic.HEALTH.topicName());
    Map<String, String> p = TestEnv.properties();
    p.put("vigil.kafka.bootstrap", broker.bootstrapServers());
    p.put("vigil.schema-registry.url", TestRegistry.url());
    return p;
  }

  @BeforeAll
  void seed() {
    http = new Http(server.getURL().toString());
    Seed.sample(T, "k-stream", "p1", "node-x", Instant.now().minusSeconds(30), 1, 1, 1, 4.4);
    Seed.sample(T, "k-stream", "p2", "node-y", Instant.now().minusSeconds(30), 1, 1, 1, 4.4);
  }

  @Test
  void collectPublishesOneCommandPerCollectorOfTheStream() {
    Http.Answer a = http.send("POST", "/streams/k-stream/quality-metrics/collect", Tokens.operator(T), null);
    assertThat(a.status()).as(a.body()).isEqualTo(202);
    JsonNode b = a.json();
    assertThat(b.get("collectors").toString()).contains("node-x").contains("node-y");
    List<CollectorCommand> cmds = consume(Topic.COLLECTOR_COMMANDS.topicName(), CollectorCommand.class, 2,
        c -> "k-stream".equals(c.getStreamId()));
    assertThat(cmds).extracting(CollectorCommand::getNodeId).containsExactlyInAnyOrder("node-x", "node-y");
    assertThat(cmds.get(0).getCommand()).isEqualTo(CommandType.collect_now);
    assertThat(cmds.get(0).getRequestedBy()).isEqualTo("otto");
    assertThat(cmds.get(0).getTenant()).isEqualTo(T);

    JsonNode unknown = http.send("POST", "/streams/k-unknown/quality-metrics/collect", Tokens.operator(T), null)
        .json();
    assertThat(unknown.get("broadcast").asBoolean()).isTrue();
    assertProblem(http.send("POST", "/streams/k-stream/quality-metrics/collect", Tokens.viewer(T), null), 403, null);
    assertProblem(http.send("POST", "/streams/k-stream/quality-metrics/collect", null, null), 401, null);
  }

  @Test
  void heartbeatBecomesAHealthSample() {
    String id = "consumer-" + UUID.randomUUID();
    Http.Answer a = http.send("POST", "/v2/health/consumers/" + id + "/heartbeat", Tokens.operator(T),
        "{\"stream_id\":\"k-stream\"}");
    assertThat(a.status()).as(a.body()).isEqualTo(202);
    List<HealthSample> hs = consume(Topic.HEALTH.topicName(), HealthSample.class, 1,
        h -> id.equals(h.getInstance()));
    HealthSample h = hs.get(0);
    assertThat(h.getComponent()).isEqualTo(Component.app);
    assertThat(h.getLabels()).containsEntry("kind", "consumer_heartbeat");
    assertThat(h.getTenant()).isEqualTo(T);
    assertThat(h.getStreamId()).isEqualTo("k-stream");
    assertProblem(http.send("POST", "/v2/health/consumers/" + id + "/heartbeat", Tokens.operator(T),
        "{\"status\":\"sleeping\"}"), 400, "status");
    assertProblem(http.send("POST", "/v2/health/consumers/" + id + "/heartbeat", Tokens.viewer(T), null), 403, null);
    JsonNode audit = http.get("/audit?resource=consumer", Tokens.admin(T)).json();
    assertThat(audit.get("items").get(0).get("resource_id").asText()).isEqualTo(id);
  }

  private <V extends SpecificRecord> List<V> consume(String topic, Class<V> type, int n,
      java.util.function.Predicate<V> filter) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "t-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<V> out = new ArrayList<>();
    try (KafkaConsumer<String, V> c = new KafkaConsumer<>(p, new StringDeserializer(),
        new SpecificAvroDeserializer<>(TestRegistry.client(), type))) {
      c.subscribe(List.of(topic));
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
        c.poll(Duration.ofMillis(200)).forEach(r -> {
          if (filter.test(r.value())) {
            out.add(r.value());
          }
        });
        return out.size() >= n;
      });
    }
    return out;
  }
}

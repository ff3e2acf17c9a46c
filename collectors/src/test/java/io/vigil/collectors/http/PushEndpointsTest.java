package io.vigil.collectors.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.vigil.collectors.config.AgentConfig;
import io.vigil.collectors.delivery.KafkaDelivery;
import io.vigil.collectors.testsupport.TopicReader;
import io.vigil.collectors.webrtc.WebRtcGoldenTest;
import io.vigil.schemas.avro.Direction;
import io.vigil.schemas.avro.MediaKind;
import io.vigil.schemas.avro.MetricSample;
import io.vigil.schemas.avro.QualitySample;
import io.vigil.schemas.topics.Topic;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.registry.TestRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent as a whole: HTTP push -> spool -> Kafka, and the refusals (401, 400, 413, 429) as problem+json. */
class PushEndpointsTest {
  static final String TOKEN = "test-token-1";
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path spool;
  static ApplicationContext ctx;
  static EmbeddedServer server;
  static KafkaBroker broker;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    broker = KafkaBroker.shared();
    broker.createTopics(Topic.QUALITY.topicName(), Topic.METRICS.topicName(), Topic.HEALTH.topicName(),
        Topic.COLLECTOR_COMMANDS.topicName());
    AgentConfig config = AgentConfig.from(Map.of(), Map.of("VIGIL_KAFKA_BOOTSTRAP", broker.bootstrapServers(),
        "VIGIL_SCHEMA_REGISTRY_URL", TestRegistry.url(), "VIGIL_SPOOL_DIR", spool.toString(), "VIGIL_NODE_ID",
        "agent-test", "VIGIL_API_TOKENS", TOKEN));
    ctx = ApplicationContext.builder().properties(Map.of("micronaut.server.port", -1,
        "micronaut.server.max-request-size", 1_048_576, "vigil.rate-limit.per-second", 20, "vigil.rate-limit.burst",
        200)).singletons(config).start();
    server = ctx.getBean(EmbeddedServer.class).start();
  }

  @AfterAll
  static void stop() {
    if (ctx != null) {
      ctx.close();
    }
  }

  static HttpResponse<String> post(String path, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.getURL() + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void impairedFixtureThroughTheEndpointMatchesIndependentMathOnKafka() throws Exception {
    long from = endOffset(Topic.QUALITY.topicName());
    List<JsonNode> lines = WebRtcGoldenTest.lines("webrtc-impaired.jsonl");
    for (JsonNode line : lines) {
      ObjectNode req = JSON.createObjectNode();
      req.put("stream_id", "golden-call").put("participant_id", line.get("peer").asText());
      req.putObject("labels").put("t", line.get("t").asText());
      req.set("stats", line.get("stats"));
      HttpResponse<String> r = post("/v1/webrtc/stats", JSON.writeValueAsString(req), TOKEN);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }
    Map<String, WebRtcGoldenTest.Expected> expected = WebRtcGoldenTest.independent(lines);
    List<QualitySample> got = consume(Topic.QUALITY.topicName(), from, QualitySample.class,
        s -> s.getStreamId().equals("golden-call"), expected.size() * 4);
    int compared = 0;
    for (QualitySample s : got) {
      if (s.getKind() != MediaKind.audio || s.getDirection() != Direction.inbound) {
        continue;
      }
      var x = expected.get(s.getParticipantId() + "@" + s.getLabels().get("t"));
      assertThat(x).isNotNull();
      assertThat(s.getLossPct()).isCloseTo(x.lossPct(), within(x.lossPct() * 0.01 + 1e-9));
      assertThat(s.getJitterMs()).isCloseTo(x.jitterMs(), within(x.jitterMs() * 0.01 + 1e-9));
      assertThat(s.getNodeId()).isEqualTo("agent-test");
      compared++;
    }
    assertThat(compared).isEqualTo(expected.size());
  }

  @Test
  void metricPushLandsOnTheMetricsTopic() throws Exception {
    long from = endOffset(Topic.METRICS.topicName());
    String body = """
        {"source":"auralis","labels":{"region":"eu"},"metrics":[
          {"name":"buffer_depth_ms","kind":"gauge","value":120.5,"labels":{"stream_id":"s9"}},
          {"name":"synthesis_latency_ms","kind":"timer","sum":900,"count":3,
           "buckets":[{"le":100,"count":1},{"le":500,"count":2},{"le":"+Inf","count":3}]}]}""";
    HttpResponse<String> r = post("/v1/metrics", body, TOKEN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    List<MetricSample> got = consume(Topic.METRICS.topicName(), from, MetricSample.class,
        m -> m.getSource().equals("auralis"), 2);
    assertThat(got).extracting(MetricSample::getName).containsExactly("buffer_depth_ms", "synthesis_latency_ms");
    assertThat(got.get(0).getLabels()).containsEntry("region", "eu").containsEntry("stream_id", "s9");
    assertThat(got.get(1).getBuckets()).hasSize(3);
    assertThat(got.get(1).getBuckets().get(2).getLe()).isInfinite();
  }

  @Test
  void missingOrWrongTokenIs401() throws Exception {
    assertThat(post("/v1/metrics", "{}", null).statusCode()).isEqualTo(401);
    HttpResponse<String> r = post("/v1/metrics", "{}", "wrong");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(c -> assertThat(c).contains("problem+json"));
    // Janus authenticates with basic auth; the password is the token
    HttpResponse<String> janus = HTTP.send(HttpRequest.newBuilder(URI.create(server.getURL() + "/v1/janus/events"))
        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(("janus:" + TOKEN).getBytes()))
        .POST(HttpRequest.BodyPublishers.ofString("[{\"type\":1,\"event\":{}}]")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(janus.statusCode()).as(janus.body()).isEqualTo(200);
  }

  @Test
  void badInputGetsProblemJsonWithReasonAndIsCounted() throws Exception {
    RejectCounter rejects = ctx.getBean(RejectCounter.class);
    long before = rejects.total();
    Map<String, String> cases = Map.of(
        "{not json", "malformed JSON",
        "{\"source\":\"a\",\"metrics\":[{\"name\":\"x\",\"value\":\"NaN\"}]}", "finite number",
        "{\"source\":\"a\",\"metrics\":[{\"name\":\"x\",\"kind\":\"counter\",\"value\":-3}]}", "negative",
        "{\"source\":\"a\",\"ts\":4102444800000,\"metrics\":[{\"name\":\"x\",\"value\":1}]}", "from the agent's clock",
        "{\"source\":\"a\",\"metrics\":[{\"name\":\"x\",\"kind\":\"weird\",\"value\":1}]}", "is not one of",
        "[1,2,3]", "JSON object");
    for (var c : cases.entrySet()) {
      HttpResponse<String> r = post("/v1/metrics", c.getKey(), TOKEN);
      assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
      assertThat(JSON.readTree(r.body()).get("detail").asText()).contains(c.getValue());
    }
    HttpResponse<String> webrtc = post("/v1/webrtc/stats", "{\"stream_id\":\"x\",\"stats\":5}", TOKEN);
    assertThat(webrtc.statusCode()).isEqualTo(400);
    assertThat(rejects.total() - before).isEqualTo(cases.size() + 1);
    // the agent still works after all that
    assertThat(post("/v1/metrics", "{\"source\":\"a\",\"metrics\":[{\"name\":\"ok\",\"value\":1}]}", TOKEN).statusCode())
        .isEqualTo(202);
  }

  @Test
  void oversizedBodyIs413() throws Exception {
    String huge = "{\"source\":\"a\",\"pad\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}";
    HttpResponse<String> r = post("/v1/metrics", huge, TOKEN);
    assertThat(r.statusCode()).isEqualTo(413);
  }

  @Test
  void floodFromOneClientGets429WithRetryAfter() throws Exception {
    List<Integer> codes = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      HttpResponse<String> r = post("/v1/metrics", "{}", "flooder-token");
      codes.add(r.statusCode());
      if (r.statusCode() == 429) {
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        break;
      }
    }
    assertThat(codes).contains(429);
  }

  @Test
  void heartbeatReportsSpoolAndRejects() {
    KafkaDelivery d = ctx.getBean(KafkaDelivery.class);
    await().atMost(Duration.ofSeconds(15)).until(() -> d.stats().delivered() > 0);
    assertThat(d.stats().dropped()).isZero();
  }

  static long endOffset(String topic) {
    return TopicReader.endOffset(broker.bootstrapServers(), topic);
  }

  static <T extends SpecificRecord> List<T> consume(String topic, long from, Class<T> type,
      java.util.function.Predicate<T> keep, int atLeast) {
    return TopicReader.consume(broker.bootstrapServers(), topic, from, type, keep, atLeast, Duration.ofSeconds(20),
        Duration.ofMillis(500));
  }
}

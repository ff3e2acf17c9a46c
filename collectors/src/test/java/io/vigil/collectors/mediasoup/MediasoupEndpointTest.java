package io.vigil.collectors.mediasoup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.collectors.http.RejectCounter;
import io.vigil.collectors.testsupport.RunningAgent;
import io.vigil.schemas.avro.Component;
import io.vigil.schemas.avro.Direction;
import io.vigil.schemas.avro.HealthSample;
import io.vigil.schemas.avro.QualitySample;
import io.vigil.schemas.topics.Topic;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /v1/mediasoup/stats through the real agent to Kafka, and its refusals. */
class MediasoupEndpointTest {
  static final String TOKEN = "ms-token";
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path spool;
  static RunningAgent agent;

  @BeforeAll
  static void start() {
    agent = RunningAgent.start(spool, "ms-agent", TOKEN);
  }

  @AfterAll
  static void stop() {
    if (agent != null) {
      agent.close();
    }
  }

  @Test
  void producerConsumerAndTransportStatsLandOnQualityAndHealthTopics() throws Exception {
    String room = "ms-" + UUID.randomUUID();
    long qFrom = agent.endOffset(Topic.QUALITY.topicName());
    long hFrom = agent.endOffset(Topic.HEALTH.topicName());
    for (String t : List.of("t0", "t1")) {
      ObjectNode body = JSON.createObjectNode().put("producers", 1).put("consumers", 1).put("instance", room);
      ObjectNode mic = body.putArray("reports").addObject().put("stream_id", room + "-mic").put("room", room)
          .put("participant_id", "alice").put("producer_id", "p1");
      mic.set("producer_stats", MediasoupStatsMapperTest.fixture("producer-audio-" + t + ".json"));
      mic.set("transport_stats", MediasoupStatsMapperTest.fixture("transport.json"));
      ObjectNode cam = ((com.fasterxml.jackson.databind.node.ArrayNode) body.get("reports")).addObject()
          .put("stream_id", room + "-cam").put("room", room).put("participant_id", "bob").put("consumer_id", "c1");
      cam.set("consumer_stats", MediasoupStatsMapperTest.fixture("consumer-video-" + t + ".json"));
      HttpResponse<String> r = agent.post("/v1/mediasoup/stats", JSON.writeValueAsString(body), TOKEN);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
      assertThat(JSON.readTree(r.body()).get("samples").asInt()).isEqualTo(2);
      assertThat(JSON.readTree(r.body()).get("health").asInt()).isEqualTo(1);
    }
    List<QualitySample> q = agent.consume(Topic.QUALITY.topicName(), qFrom, QualitySample.class,
        s -> room.equals(s.getRoom()), 4, Duration.ofSeconds(30));
    assertThat(q).hasSize(4).allSatisfy(s -> {
      assertThat(s.getSource()).isEqualTo("mediasoup");
      assertThat(s.getNodeId()).isEqualTo("ms-agent");
    });
    QualitySample micInterval = q.stream().filter(s -> s.getStreamId().endsWith("-mic") && s.getIntervalMs() != null)
        .findFirst().orElseThrow();
    assertThat(micInterval.getDirection()).isEqualTo(Direction.inbound);
    assertThat(micInterval.getLossPct()).isEqualTo(4.0);
    assertThat(micInterval.getJitterMs()).isEqualTo(30.0);
    assertThat(micInterval.getLabels()).containsEntry("ice_state", "completed");
    QualitySample camInterval = q.stream().filter(s -> s.getStreamId().endsWith("-cam") && s.getIntervalMs() != null)
        .findFirst().orElseThrow();
    assertThat(camInterval.getDirection()).isEqualTo(Direction.outbound);
    assertThat(camInterval.getPliCount()).isEqualTo(3L);
    assertThat(camInterval.getRttMs()).isEqualTo(52.0);
    List<HealthSample> h = agent.consume(Topic.HEALTH.topicName(), hFrom, HealthSample.class,
        s -> room.equals(s.getInstance()), 2, Duration.ofSeconds(30));
    assertThat(h).hasSize(2).allSatisfy(s -> {
      assertThat(s.getComponent()).isEqualTo(Component.sfu);
      assertThat(s.getProducers()).isEqualTo(1);
      assertThat(s.getConsumers()).isEqualTo(1);
      assertThat(s.getExtra()).containsKey("transport_send_kbps");
    });
  }

  @Test
  void badInputIs400ProblemJsonAndCounted() throws Exception {
    RejectCounter rejects = agent.ctx.getBean(RejectCounter.class);
    long before = rejects.total();
    String[][] cases = {
        {"{oops", "malformed JSON"},
        {"{\"stream_id\":\"s\",\"producer_stats\":{\"kind\":\"audio\"}}", "getStats() array"},
        {"{\"reports\":[{\"producer_stats\":[]}]}", "'stream_id' is required"},
        {"{\"producers\":\"many\"}", "non-negative integer"},
        {"{\"ts\":4102444800000,\"producers\":1}", "from the agent's clock"},
    };
    for (String[] c : cases) {
      HttpResponse<String> r = agent.post("/v1/mediasoup/stats", c[0], TOKEN);
      assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
      assertThat(JSON.readTree(r.body()).get("detail").asText()).as(c[0]).contains(c[1]);
    }
    assertThat(rejects.total() - before).isEqualTo(cases.length);
    assertThat(agent.post("/v1/mediasoup/stats", "{\"producers\":1}", null).statusCode()).isEqualTo(401);
  }
}

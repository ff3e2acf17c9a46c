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
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamsAndHealthTest implements TestPropertyProvider {
  static final String T = "acme-s";
  static final String OTHER = "globex-s";

  @Inject
  EmbeddedServer server;
  Http http;

  @Override
  public Map<String, String> getProperties() {
    return TestEnv.properties();
  }

  @BeforeAll
  void seed() {
    http = new Http(server.getURL().toString());
    Instant now = Instant.now();
    Seed.stream(T, "s-live-1", "live", now.minusSeconds(600));
    Seed.stream(T, "s-live-2", "live", now.minusSeconds(300));
    Seed.stream(T, "s-ended", "ended", now.minusSeconds(9000));
    Seed.participant(T, "s-live-1", "alice");
    Seed.sample(T, "s-live-1", "alice", "node-a", now.minusSeconds(5), 2.0, 15, 120, 4.1);
    Seed.health(T, "node-a", "ffmpeg", "4242", "s-live-1", "running", now.minusSeconds(5), 35.0, 1.0, "{}", null,
        null);
    // A failed process has no CPU figure: the collector leaves cpu_pct out rather than reporting 0.
    Seed.health(T, "node-a", "ffmpeg", "4243", "s-live-2", "failed", now.minusSeconds(5), null, null, "{}", null,
        null);
    Seed.health(T, "sfu-1", "sfu", "mediasoup-1", null, "running", now.minusSeconds(5), 20.0, null, "{}", null,
        null);
    Seed.health(T, "api", "app", "tts-consumer", null, "running", now.minusSeconds(10), null, null,
        "{\"kind\":\"consumer_heartbeat\"}", null, null);
    Seed.health(T, "api", "app", "old-consumer", null, "running", now.minusSeconds(120), null, null,
        "{\"kind\":\"consumer_heartbeat\"}", null, null);
    Seed.health(T, "rec-1", "host", "recorder", "s-live-1", "running", now.minusSeconds(5), 10.0, null,
        "{\"kind\":\"recordings\"}", 42L, 5000.0);
  }

  @Test
  void activeStreamsComeFromLifecycleWithCurrentQuality() {
    JsonNode b = http.get("/streams?status=active", Tokens.viewer(T)).json();
    assertThat(ids(b.get("items"))).containsExactly("s-live-2", "s-live-1");
    JsonNode s1 = b.get("items").get(1);
    assertThat(s1.get("mos").asDouble()).isEqualTo(4.1);
    assertThat(s1.get("participants").asInt()).isEqualTo(1);
    assertThat(ids(http.get("/streams?status=all", Tokens.viewer(T)).json().get("items")))
        .contains("s-ended");
  }

  @Test
  void streamDetailAndItsErrors() {
    JsonNode b = http.get("/streams/s-live-1", Tokens.viewer(T)).json();
    assertThat(b.get("state").asText()).isEqualTo("live");
    assertThat(b.get("participants_list").get(0).get("participant_id").asText()).isEqualTo("alice");
    assertProblem(http.get("/streams/s-live-1", Tokens.viewer(OTHER)), 404, null);
    assertProblem(http.get("/streams/s-live-1", null), 401, null);
    assertProblem(http.get("/streams?status=sleepy", Tokens.viewer(T)), 400, "status");
    assertThat(http.get("/streams?status=active", Tokens.viewer(OTHER)).json().get("items")).isEmpty();
  }

  @Test
  void systemHealthIsWorstOfItsInstances() {
    JsonNode b = http.get("/v2/health/system", Tokens.viewer(T)).json();
    assertThat(b.get("status").asText()).isEqualTo("unhealthy");
    assertThat(b.get("counts").get("ffmpeg").get("unhealthy").asInt()).isEqualTo(1);
    assertThat(b.get("instances")).hasSize(6);
    assertThat(http.get("/v2/health/system", Tokens.viewer(OTHER)).json().get("instances")).isEmpty();
    assertProblem(http.get("/v2/health/system?lookback_s=-1", Tokens.viewer(T)), 400, "lookback_s");
    assertProblem(http.get("/v2/health/system", Tokens.token("x", T)), 403, null);
  }

  @Test
  void ingestionProducersStreamsAndRecordings() {
    assertThat(http.get("/v2/health/ingestion", Tokens.viewer(T)).json().get("instances")).hasSize(2);
    assertThat(http.get("/v2/health/producers", Tokens.viewer(T)).json().get("instances").get(0)
        .get("instance").asText()).isEqualTo("mediasoup-1");
    JsonNode stream = http.get("/v2/health/streams/s-live-2", Tokens.viewer(T))
        .json();
    assertThat(stream.get("status").asText()).isEqualTo("unhealthy");
    JsonNode rec = http.get("/v2/health/recordings/s-live-1", Tokens.viewer(T)).json();
    assertThat(rec.get("instances").get(0).get("recording_segments").asLong()).isEqualTo(42);
    assertThat(http.get("/v2/health/recordings/none", Tokens.viewer(T)).json().get("instances")).isEmpty();
  }

  @Test
  void consumersGoStaleAfterSixtySeconds() {
    JsonNode b = http.get("/v2/health/consumers", Tokens.viewer(T)).json();
    assertThat(b.get("status").asText()).isEqualTo("degraded");
    JsonNode fresh = http.get("/v2/health/consumers/tts-consumer", Tokens.viewer(T)).json();
    assertThat(fresh.get("stale").asBoolean()).isFalse();
    JsonNode old = http.get("/v2/health/consumers/old-consumer", Tokens.viewer(T)).json();
    assertThat(old.get("stale").asBoolean()).isTrue();
    assertProblem(http.get("/v2/health/consumers/tts-consumer", Tokens.viewer(OTHER)), 404, null);
  }

  @Test
  void summaryAndHealthVerdict() {
    JsonNode s = http.get("/api/v1/metrics", Tokens.viewer(T)).json();
    assertThat(s.get("active_streams").asLong()).isEqualTo(2);
    assertThat(s.get("error_rate").asDouble()).isGreaterThan(0.05);
    Http.Answer health = http.get("/api/v1/metrics/health", Tokens.viewer(T));
    assertThat(health.status()).isEqualTo(503);
    assertThat(health.json().get("reasons").get(0).asText()).startsWith("error_rate");
    Http.Answer other = http.get("/api/v1/metrics/health", Tokens.viewer(OTHER));
    assertThat(other.status()).isEqualTo(200);
    Http.Answer prom = http.get("/api/v1/metrics/prometheus", Tokens.viewer(T));
    assertThat(prom.contentType()).startsWith("text/plain");
    assertThat(prom.body()).contains("vigil_summary_active_streams 2.0").contains("vigil_summary_healthy 0");
    assertProblem(http.get("/api/v1/metrics", null), 401, null);
  }

  private static List<String> ids(JsonNode items) {
    List<String> out = new ArrayList<>();
    items.forEach(i -> out.add(i.get("stream_id").asText()));
    return out;
  }
}

package io.vigil.queryapi;

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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QualityEndpointsTest implements TestPropertyProvider {
  static final String T = "acme-q";
  static final String OTHER = "globex-q";
  static final String S = "q-stream-1";

  @Inject
  EmbeddedServer server;
  Http http;
  Instant now;

  @Override
  public Map<String, String> getProperties() {
    return TestEnv.properties();
  }

  @BeforeAll
  void seed() {
    http = new Http(server.getURL().toString());
    now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    Seed.stream(T, S, "live", now.minus(5, ChronoUnit.DAYS));
    // Raw: 10 s samples from 12 to 6 minutes ago; p2 has heavy loss.
    for (int i = 0; i < 36; i++) {
      Instant ts = now.minusSeconds(720 - i * 10L);
      Seed.sample(T, S, "p1", "node-a", ts, 1.0, 10, 100, 4.2);
      Seed.sample(T, S, "p2", "node-b", ts, 12.0, 40, 300, 2.5);
    }
    // 1 min windows from 100 to 41 minutes ago.
    for (int i = 0; i < 60; i++) {
      Seed.window(T, S, "p1", now.minusSeconds(6000 - i * 60L), 6, 2.0, 12, 110, 4.1);
    }
    // An hour of windows for each hour 4 to 71 hours ago; the sink's rollup turns each into a quality_1h row.
    for (int h = 4; h < 72; h++) {
      Seed.rollup(T, S, "p1", now.truncatedTo(ChronoUnit.HOURS).minus(h, ChronoUnit.HOURS), 360, 1.5, 4.0);
    }
  }

  @Test
  void minutesComeFromRawSamples() {
    Http.Answer a = http.get("/streams/" + S + "/quality-metrics?from=-15m&bucket=1m", Tokens.viewer(T));
    assertThat(a.status()).isEqualTo(200);
    JsonNode b = a.json();
    assertThat(b.get("source").asText()).isEqualTo("quality_samples");
    assertThat(b.get("bucket_seconds").asLong()).isEqualTo(60);
    assertThat(b.get("units").get("jitter_ms").asText()).isEqualTo("milliseconds");
    assertThat(b.get("decimals").asInt()).isEqualTo(3);
    assertThat(b.get("points")).hasSize(6);
    JsonNode p = b.get("points").get(0);
    assertThat(p.get("samples").asLong()).isEqualTo(12);
    assertThat(p.get("loss_pct_avg").asDouble()).isEqualTo(6.5);
    assertThat(p.get("loss_pct_max").asDouble()).isEqualTo(12.0);
    assertThat(p.get("mos_min").asDouble()).isEqualTo(2.5);
  }

  @Test
  void hoursComeFromWindowsAndDaysFromTheRollup() {
    JsonNode hours = http.get("/streams/" + S + "/quality-metrics?from=-2h&bucket=10m", Tokens.viewer(T)).json();
    assertThat(hours.get("source").asText()).isEqualTo("quality_windows_1m");
    long samples = 0;
    for (JsonNode p : hours.get("points")) {
      samples += p.get("samples").asLong();
    }
    assertThat(samples).isEqualTo(60 * 6);
    JsonNode days = http.get("/streams/" + S + "/quality-metrics?from=-7d&bucket=1h", Tokens.viewer(T)).json();
    assertThat(days.get("source").asText()).isEqualTo("quality_1h");
    // The sink also rolled up the recent windows (100 to 41 minutes ago): one or two more hours.
    long recentHours = IntStream.range(0, 60)
        .mapToObj(i -> now.minusSeconds(6000 - i * 60L).truncatedTo(ChronoUnit.HOURS)).distinct().count();
    assertThat(days.get("points")).hasSize((int) (68 + recentHours));
    assertThat(days.get("points").get(0).get("mos_avg").asDouble()).isEqualTo(4.0);
  }

  @Test
  void relativeAndAbsoluteRangesGiveTheSameBuckets() {
    String rel = "/streams/" + S + "/quality-metrics?from=-2h&to=-30m&bucket=5m";
    Instant to = Instant.now().minus(30, ChronoUnit.MINUTES);
    String abs = "/streams/" + S + "/quality-metrics?from=" + to.minus(90, ChronoUnit.MINUTES) + "&to=" + to
        + "&bucket=5m";
    JsonNode a = http.get(rel, Tokens.viewer(T)).json();
    JsonNode b = http.get(abs, Tokens.viewer(T)).json();
    assertThat(a.get("points")).isNotEmpty();
    assertThat(buckets(a)).isEqualTo(buckets(b));
  }

  @Test
  void participantSeriesOnlyHasThatParticipant() {
    JsonNode b = http.get("/streams/" + S + "/participants/p2/quality-metrics?from=-15m&bucket=1m",
        Tokens.viewer(T)).json();
    assertThat(b.get("participant_id").asText()).isEqualTo("p2");
    assertThat(b.get("points").get(0).get("loss_pct_avg").asDouble()).isEqualTo(12.0);
  }

  @Test
  void highPacketLossListsOnlySamplesAboveThreshold() {
    JsonNode b = http.get("/streams/" + S + "/quality-metrics/high-packet-loss?threshold=5&from=-15m&limit=10",
        Tokens.viewer(T)).json();
    assertThat(b.get("items")).hasSize(10);
    assertThat(b.get("next_offset").asLong()).isEqualTo(10);
    for (JsonNode row : b.get("items")) {
      assertThat(row.get("participant_id").asText()).isEqualTo("p2");
    }
  }

  @Test
  void emptyRangeAndUnknownStreamGiveNoPoints() {
    JsonNode b = http.get("/streams/" + S + "/quality-metrics?from=-3m", Tokens.viewer(T)).json();
    assertThat(b.get("points")).isEmpty();
    assertThat(http.get("/streams/nope/quality-metrics", Tokens.viewer(T)).json().get("points")).isEmpty();
  }

  @Test
  void otherTenantSeesNoRows() {
    JsonNode b = http.get("/streams/" + S + "/quality-metrics?from=-15m", Tokens.viewer(OTHER)).json();
    assertThat(b.get("points")).isEmpty();
    JsonNode loss = http.get("/streams/" + S + "/quality-metrics/high-packet-loss?from=-15m",
        Tokens.viewer(OTHER)).json();
    assertThat(loss.get("items")).isEmpty();
  }

  @Test
  void badParametersAreProblemsNamingTheParameter() {
    assertProblem(http.get("/streams/" + S + "/quality-metrics?from=yesterday", Tokens.viewer(T)), 400, "from");
    assertProblem(http.get("/streams/" + S + "/quality-metrics?bucket=7x", Tokens.viewer(T)), 400, "bucket");
    assertProblem(http.get("/streams/" + S + "/quality-metrics?from=-30d&bucket=10s", Tokens.viewer(T)), 400,
        "bucket");
    assertProblem(http.get("/streams/" + S + "/quality-metrics?kind=smell", Tokens.viewer(T)), 400, "kind");
    assertProblem(http.get("/streams/" + S + "/quality-metrics/high-packet-loss?threshold=101", Tokens.viewer(T)),
        400, "threshold");
    assertProblem(http.get("/streams/" + S + "/quality-metrics/high-packet-loss?threshold=abc", Tokens.viewer(T)),
        400, "threshold");
    assertProblem(http.get("/streams/" + S + "/quality-metrics/high-packet-loss?limit=0", Tokens.viewer(T)), 400,
        "limit");
    Http.Answer injection = http.get("/streams/" + S + "/quality-metrics?from=-1h%27%3BDROP%20TABLE%20x--",
        Tokens.viewer(T));
    assertProblem(injection, 400, "from");
    assertThat(injection.body()).doesNotContainIgnoringCase("select");
  }

  @Test
  void noTokenIs401AndNoRoleIs403() {
    assertProblem(http.get("/streams/" + S + "/quality-metrics", null), 401, null);
    assertProblem(http.get("/streams/" + S + "/quality-metrics", Tokens.token("x", T, "guest")), 403, null);
    assertProblem(http.get("/streams/" + S + "/quality-metrics", "not.a.jwt"), 401, null);
  }

  static void assertProblem(Http.Answer a, int status, String param) {
    assertThat(a.status()).as(a.body()).isEqualTo(status);
    assertThat(a.contentType()).startsWith("application/problem+json");
    JsonNode b = a.json();
    assertThat(b.get("status").asInt()).isEqualTo(status);
    if (param != null) {
      assertThat(b.get("param").asText()).isEqualTo(param);
    }
  }

  private static List<String> buckets(JsonNode b) {
    List<String> out = new ArrayList<>();
    b.get("points").forEach(p -> out.add(p.get("ts").asText() + "/" + p.get("samples").asLong()));
    return out;
  }
}

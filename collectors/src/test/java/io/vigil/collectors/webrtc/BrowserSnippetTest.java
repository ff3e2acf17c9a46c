package io.vigil.collectors.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.collectors.testsupport.RunningAgent;
import io.vigil.schemas.avro.Direction;
import io.vigil.schemas.avro.MediaKind;
import io.vigil.schemas.avro.QualitySample;
import io.vigil.schemas.topics.Topic;
import io.vigil.testkit.programs.NodeModules;
import io.vigil.testkit.programs.RequiredProgram;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The browser snippet served by the agent: its HTTP contract, CORS, and a real call in headless Chromium. */
class BrowserSnippetTest {
  static final String TOKEN = "browser-token";
  static final Path JS = Path.of("src/test/js");
  static final String ORIGIN = "http://127.0.0.1:9";
  @TempDir static Path spool;
  static RunningAgent agent;

  @BeforeAll
  static void start() {
    agent = RunningAgent.start(spool, "browser-agent", TOKEN);
  }

  @AfterAll
  static void stop() {
    if (agent != null) {
      agent.close();
    }
  }

  static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return RunningAgent.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void snippetIsPublicCacheableJavascript() throws Exception {
    URI uri = URI.create(agent.url() + "/v1/webrtc/vigil.js");
    HttpResponse<String> r = send(HttpRequest.newBuilder(uri).GET());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
    assertThat(r.headers().firstValue("Cache-Control").orElse("")).contains("max-age=3600");
    assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(r.body()).contains("Vigil.watch").contains("/v1/webrtc/stats").contains("connectionState");
    String etag = r.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> again = send(HttpRequest.newBuilder(uri).header("If-None-Match", etag).GET());
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    // only the snippet is public: the stats endpoint next to it still wants a token
    assertThat(agent.post("/v1/webrtc/stats", "{}", null).statusCode()).isEqualTo(401);
  }

  @Test
  void browserOnAnotherOriginMayPostStats() throws Exception {
    URI stats = URI.create(agent.url() + "/v1/webrtc/stats");
    HttpResponse<String> preflight = send(HttpRequest.newBuilder(stats).header("Origin", ORIGIN)
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization,content-type")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertThat(preflight.statusCode()).as(preflight.headers().map().toString()).isEqualTo(200);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
    assertThat(preflight.headers().allValues("Access-Control-Allow-Methods")).contains("POST");
    assertThat(String.join(",", preflight.headers().allValues("Access-Control-Allow-Headers")).toLowerCase())
        .contains("authorization").contains("content-type");
    // the real post, and a refused one: both readable by the page
    HttpResponse<String> ok = send(HttpRequest.newBuilder(stats).header("Origin", ORIGIN)
        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"stream_id\":\"cors\",\"stats\":[]}")));
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
    assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
    HttpResponse<String> bad = send(HttpRequest.newBuilder(stats).header("Origin", ORIGIN)
        .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString("{\"stats\":[]}")));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
  }

  @Test
  void loopbackCallInChromiumReachesKafkaAsQualitySamples() throws Exception {
    Path chromium = RequiredProgram.require("chromium", "chromium");
    Path node = RequiredProgram.require("node", "nodejs");
    NodeModules.ensure(JS, "playwright-core");
    String streamId = "browser-" + UUID.randomUUID();
    long from = agent.endOffset(Topic.QUALITY.topicName());
    Process p = new ProcessBuilder(node.toString(), "snippet-test.mjs", agent.url(), TOKEN, chromium.toString(),
        streamId).directory(JS.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String ok;
    String stopped;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      ok = out.readLine();
      stopped = out.readLine();
    } finally {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    assertThat(p.exitValue()).as("snippet-test.mjs exit code (see its stderr above)").isZero();
    assertThat(ok).as("accepted posts, samples, errors").startsWith("OK ").endsWith(" 0");
    assertThat(stopped).as("watcher stops when the pc is closed").startsWith("STOPPED ");

    List<QualitySample> got = agent.consume(Topic.QUALITY.topicName(), from, QualitySample.class,
        s -> s.getStreamId().equals(streamId), 3, Duration.ofSeconds(30));
    assertThat(got).isNotEmpty().allSatisfy(s -> {
      assertThat(s.getSource()).isEqualTo("browser");
      assertThat(s.getParticipantId()).isEqualTo("bob");
      assertThat(s.getSessionId()).isEqualTo("sess-browser");
      assertThat(s.getRoom()).isEqualTo("loopback");
      assertThat(s.getLabels()).containsEntry("test", "browser");
      assertThat(s.getNodeId()).isEqualTo("browser-agent");
    });
    QualitySample audio = got.stream().filter(s -> s.getKind() == MediaKind.audio
        && s.getDirection() == Direction.inbound).findFirst().orElseThrow();
    assertThat(audio.getPacketsReceived()).isPositive();
    assertThat(audio.getBitrateKbps()).isPositive();
    assertThat(audio.getLossPct()).isNotNull().isLessThan(5.0);
    assertThat(audio.getCodec()).isEqualToIgnoringCase("audio/opus");
  }
}

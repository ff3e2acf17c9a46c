package io.vigil.devstack.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.testkit.http.RecordingHttpReceiver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FleetSimulatorTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void postsTaggedReportsWithTheTokenAndSilencesTheFirstNodeWhenAsked() throws Exception {
    try (var collector = new RecordingHttpReceiver(RecordingHttpReceiver.Answer.of(202, ""))) {
      var sim = new FleetSimulator(collector.url("/"), "secret", new Population(2, 1, 2), Duration.ofMillis(200),
          ScenarioSchedule.parse("collector-silent@0"), new PrintStream(new ByteArrayOutputStream()));
      var counts = sim.run(Duration.ofMillis(1500));

      var requests = collector.requests("/v1/webrtc/stats");
      assertThat(requests).isNotEmpty();
      assertThat(counts.accepted()).isEqualTo(requests.size());
      Set<String> nodes = new HashSet<>();
      for (var r : requests) {
        assertThat(r.header("Authorization")).isEqualTo("Bearer secret");
        JsonNode body = JSON.readTree(r.body());
        nodes.add(body.get("labels").get("sfu_node").asText());
        assertThat(body.get("ts").asLong()).isPositive();
        assertThat(body.get("stream_id").asText()).startsWith("sim-room-");
        assertThat(body.get("stats").toString()).contains("inbound-rtp").contains("remote-inbound-rtp");
      }
      assertThat(nodes).containsExactly("sim-sfu-1");
    }
  }

  @Test
  void rejectionsAreCountedNotHidden() throws Exception {
    try (var collector = new RecordingHttpReceiver(RecordingHttpReceiver.Answer.of(401, "{}"))) {
      var sim = new FleetSimulator(collector.url("/"), "", new Population(1, 1, 1), Duration.ofMillis(100),
          ScenarioSchedule.parse("healthy"), new PrintStream(new ByteArrayOutputStream()));
      var counts = sim.run(Duration.ofMillis(600));
      assertThat(counts.rejected()).isPositive();
      assertThat(counts.accepted()).isZero();
    }
  }
}

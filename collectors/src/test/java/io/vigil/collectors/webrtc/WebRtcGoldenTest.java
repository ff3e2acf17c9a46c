package io.vigil.collectors.webrtc;

import io.vigil.testkit.fixtures.Fixtures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.schemas.avro.Direction;
import io.vigil.schemas.avro.MediaKind;
import io.vigil.schemas.avro.QualitySample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Replays real Chromium getStats() dumps and checks the interval math against an independent computation. */
public class WebRtcGoldenTest {
  static final ObjectMapper JSON = new ObjectMapper();

  public static List<JsonNode> lines(String name) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String l : Fixtures.lines("webrtc/" + name)) {
      out.add(JSON.readTree(l));
    }
    return out;
  }

  static JsonNode find(JsonNode stats, String type, String kind) {
    for (JsonNode s : stats) {
      if (type.equals(s.path("type").asText()) && kind.equals(s.path("kind").asText())) {
        return s;
      }
    }
    return null;
  }

  /** Expected values per peer and report time, computed straight from the raw JSON. */
  public record Expected(double lossPct, double jitterMs, Double rttMs) {}

  public static Map<String, Expected> independent(List<JsonNode> lines) {
    Map<String, JsonNode> prevByPeer = new HashMap<>();
    Map<String, Expected> out = new HashMap<>();
    for (JsonNode line : lines) {
      String peer = line.get("peer").asText();
      JsonNode prev = prevByPeer.put(peer, line);
      JsonNode cur = find(line.get("stats"), "inbound-rtp", "audio");
      JsonNode before = prev == null ? null : find(prev.get("stats"), "inbound-rtp", "audio");
      if (cur == null || before == null) {
        continue;
      }
      double lost = cur.get("packetsLost").asDouble() - before.get("packetsLost").asDouble();
      double recv = cur.get("packetsReceived").asDouble() - before.get("packetsReceived").asDouble();
      JsonNode rib = find(line.get("stats"), "remote-inbound-rtp", "audio");
      out.put(peer + "@" + line.get("t").asLong(), new Expected(lost + recv == 0 ? 0 : 100 * lost / (lost + recv),
          cur.get("jitter").asDouble() * 1000, rib == null || !rib.has("roundTripTime") ? null : rib.get("roundTripTime").asDouble() * 1000));
    }
    return out;
  }

  static Map<String, List<QualitySample>> replay(List<JsonNode> lines) {
    WebRtcIntervalCalculator calc = new WebRtcIntervalCalculator("test-node");
    Map<String, List<QualitySample>> out = new HashMap<>();
    for (JsonNode line : lines) {
      String peer = line.get("peer").asText();
      out.put(peer + "@" + line.get("t").asLong(), calc.update(StreamIdentity.of("call-1", peer), line.get("stats"),
          Instant.ofEpochMilli(line.get("t").asLong())));
    }
    return out;
  }

  static QualitySample pick(List<QualitySample> samples, MediaKind kind, Direction dir) {
    return samples.stream().filter(s -> s.getKind() == kind && s.getDirection() == dir).findFirst().orElseThrow();
  }

  @Test
  void impairedCallMatchesIndependentLossJitterAndRttWithinOnePercent() throws Exception {
    List<JsonNode> lines = lines("webrtc-impaired.jsonl");
    Map<String, Expected> expected = independent(lines);
    Map<String, List<QualitySample>> got = replay(lines);
    assertThat(expected).hasSizeGreaterThan(40);
    double lossSeen = 0;
    for (var e : expected.entrySet()) {
      QualitySample in = pick(got.get(e.getKey()), MediaKind.audio, Direction.inbound);
      Expected x = e.getValue();
      assertThat(in.getLossPct()).as("loss %s", e.getKey()).isCloseTo(x.lossPct(), within(Math.max(1e-9, x.lossPct() * 0.01)));
      assertThat(in.getJitterMs()).as("jitter %s", e.getKey()).isCloseTo(x.jitterMs(), within(x.jitterMs() * 0.01 + 1e-9));
      if (x.rttMs() != null) {
        QualitySample out = pick(got.get(e.getKey()), MediaKind.audio, Direction.outbound);
        assertThat(out.getRttMs()).as("rtt %s", e.getKey()).isCloseTo(x.rttMs(), within(x.rttMs() * 0.01));
      }
      assertThat(in.getRttMs()).as("inbound RTT falls back to the candidate pair").isNotNull().isPositive();
      lossSeen += x.lossPct();
    }
    assertThat(lossSeen).as("the impaired run does lose audio").isPositive();
    // the README's figures: RTT 73-82 ms, median jitter ~9 ms
    List<Double> rtts = got.values().stream().flatMap(List::stream)
        .filter(s -> s.getKind() == MediaKind.audio && s.getDirection() == Direction.outbound && s.getRttMs() != null)
        .map(QualitySample::getRttMs).toList();
    assertThat(rtts).isNotEmpty().allSatisfy(r -> assertThat(r).isBetween(40.0, 200.0));
  }

  @Test
  void cleanCallHasZeroLoss() throws Exception {
    List<QualitySample> audioIn = replay(lines("webrtc-clean.jsonl")).values().stream().flatMap(List::stream)
        .filter(s -> s.getKind() == MediaKind.audio && s.getDirection() == Direction.inbound).toList();
    assertThat(audioIn).hasSizeGreaterThan(40).allSatisfy(s -> {
      assertThat(s.getLossPct()).isZero();
      assertThat(s.getBitrateKbps()).isPositive();
      assertThat(s.getCodec()).isEqualTo("audio/opus");
      assertThat(s.getStreamId()).isEqualTo("call-1");
    });
  }

  @Test
  void videoFieldsAreFilled() throws Exception {
    List<QualitySample> video = replay(lines("webrtc-impaired.jsonl")).values().stream().flatMap(List::stream)
        .filter(s -> s.getKind() == MediaKind.video && s.getDirection() == Direction.inbound).toList();
    assertThat(video).isNotEmpty().allSatisfy(s -> {
      assertThat(s.getFrameWidth()).isEqualTo(640);
      assertThat(s.getFramesPerSecond()).isNotNull();
      assertThat(s.getNackCount()).isNotNull().isNotNegative();
      assertThat(s.getRelay()).isFalse();
    });
  }
}

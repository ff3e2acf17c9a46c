package io.vigil.collectors.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.collectors.http.BadRequest;
import io.vigil.schemas.avro.QualitySample;
import io.vigil.schemas.wire.AvroTrust;
import io.vigil.testkit.fixtures.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The streaming push parser reads bodies exactly as a parsed JSON tree does, and refuses what it refused. */
class WebRtcPushParserTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final Duration SKEW = Duration.ofMinutes(10);

  static WebRtcPush parse(String body) {
    return WebRtcPushParser.parse(body.getBytes(StandardCharsets.UTF_8), NOW, SKEW);
  }

  @Test
  void fixtureReportsGiveTheSameSamplesStreamedAsFromATree() throws Exception {
    WebRtcIntervalCalculator streamed = new WebRtcIntervalCalculator("n", new AtomicLong());
    WebRtcIntervalCalculator tree = new WebRtcIntervalCalculator("n", new AtomicLong());
    int samples = 0;
    for (String line : Fixtures.lines("webrtc/webrtc-impaired.jsonl")) {
      JsonNode l = JSON.readTree(line);
      String body = "{\"stream_id\":\"call-1\",\"participant_id\":\"" + l.path("peer").asText("p")
          + "\",\"labels\":{\"a\":\"b\"},\"stats\":" + l.get("stats") + "}";
      WebRtcPush push = parse(body);
      assertThat(push.identity()).isEqualTo(new StreamIdentity("call-1", null, l.path("peer").asText("p"), null,
          null, java.util.Map.of("a", "b")));
      List<QualitySample> a = comparable(streamed.update(push.identity(), push.report(), NOW));
      List<QualitySample> b = comparable(tree.update(push.identity(), l.get("stats"), NOW));
      assertThat(a).isEqualTo(b);
      samples += a.size();
    }
    assertThat(samples).isPositive();
  }

  /** event_id is random per sample; everything else must match. */
  private static List<QualitySample> comparable(List<QualitySample> in) {
    AvroTrust.install(); // the builder's deep copy loads the enum classes; alone, no serde has installed it yet
    List<QualitySample> out = new ArrayList<>();
    for (QualitySample s : in) {
      QualitySample c = QualitySample.newBuilder(s).build();
      c.setEventId("x");
      out.add(c);
    }
    return out;
  }

  @Test
  void mapFormUnknownMembersNestedValuesAndNonObjectsAreReadLikeATree() throws Exception {
    String stats = "{\"A\":{\"id\":\"A\",\"type\":\"inbound-rtp\",\"kind\":\"audio\",\"ssrc\":1,\"timestamp\":1000,"
        + "\"packetsReceived\":10,\"packetsLost\":\"2\",\"perDscpPacketsReceived\":{\"0\":[1,{\"x\":2}]},"
        + "\"jitter\":-1,\"codecId\":\"C\"},\"C\":{\"id\":\"C\",\"type\":\"codec\",\"mimeType\":\"audio/opus\"},"
        + "\"junk\":[1,2],\"n\":5,\"T\":{\"id\":\"T\",\"type\":\"candidate-pair\",\"nominated\":\"true\","
        + "\"state\":\"succeeded\",\"currentRoundTripTime\":0.05}}";
    StatsReport streamed = parse("{\"stream_id\":\"s\",\"stats\":" + stats + "}").report();
    StatsReport tree = StatsReport.of(JSON.readTree(stats));
    assertThat(streamed.size()).isEqualTo(tree.size()).isEqualTo(3);
    for (StatsReport r : List.of(streamed, tree)) {
      RtcStats a = r.byId("A");
      assertThat(a.num(StatField.packetsReceived)).isEqualTo(10.0);
      assertThat(a.num(StatField.packetsLost)).as("a string is not a number").isNull();
      assertThat(a.num(StatField.jitter)).as("negative reads as missing").isNull();
      assertThat(RtcStats.text(r.byId(a.text(StatField.codecId)), StatField.mimeType)).isEqualTo("audio/opus");
      assertThat(r.selectedCandidatePair().num(StatField.currentRoundTripTime)).isEqualTo(0.05);
    }
  }

  @Test
  void refusalsAreTheSameAsBefore() {
    assertReason("", "empty_body");
    assertReason("  \n", "empty_body");
    assertReason("{\"stream_id\":\"s\",\"stats\":[{]}", "bad_json");
    assertReason("[1,", "bad_json");
    assertReason("[1]", "wrong_type");
    assertReason("{\"stats\":[]}", "missing_field");
    assertReason("{\"stream_id\":5,\"stats\":[]}", "wrong_type");
    assertReason("{\"stream_id\":\"s\"}", "wrong_type");
    assertReason("{\"stream_id\":\"s\",\"stats\":\"no\"}", "wrong_type");
    assertReason("{\"stream_id\":\"s\",\"stats\":[],\"stats\":3}", "wrong_type");
    assertReason("{\"stream_id\":\"s\",\"ts\":1,\"stats\":[]}", "timestamp_out_of_range");
    assertReason("{\"stream_id\":\"s\",\"labels\":{\"a\":{}},\"stats\":[]}", "wrong_type");
    assertThat(parse("{\"stats\":3,\"stream_id\":\"s\",\"stats\":[]}").report().size()).isZero();
  }

  private static void assertReason(String body, String reason) {
    assertThatThrownBy(() -> parse(body)).isInstanceOf(BadRequest.class)
        .satisfies(e -> assertThat(((BadRequest) e).reason()).isEqualTo(reason));
  }
}

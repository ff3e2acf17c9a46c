package io.vigil.collectors.mediasoup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.collectors.http.BadRequest;
import io.vigil.schemas.avro.Component;
import io.vigil.schemas.avro.Direction;
import io.vigil.schemas.avro.HealthSample;
import io.vigil.schemas.avro.MediaKind;
import io.vigil.schemas.avro.QualitySample;
import java.io.InputStream;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Mapping of mediasoup v3 getStats() JSON (fixtures in src/test/resources/mediasoup, shaped after the v3 API docs). */
class MediasoupStatsMapperTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  final AtomicLong seq = new AtomicLong();
  final MediasoupStatsMapper mapper = new MediasoupStatsMapper();

  public static JsonNode fixture(String name) throws Exception {
    try (InputStream in = MediasoupStatsMapperTest.class.getResourceAsStream("/mediasoup/" + name)) {
      return JSON.readTree(in);
    }
  }

  static ObjectNode report(String streamId, String field, JsonNode stats) {
    ObjectNode r = JSON.createObjectNode();
    r.put("stream_id", streamId).put("participant_id", "alice").put("room", "room1").put("session_id", "sess-1");
    r.set(field, stats);
    return r;
  }

  MediasoupStatsMapper.Result map(JsonNode body, Instant ts) {
    return mapper.map(body, "sfu-node", "default", seq::incrementAndGet, ts, "rtp");
  }

  @Test
  void producerAudioFirstReportUsesFractionLostAndSecondUsesCounterDeltas() throws Exception {
    ObjectNode first = report("room1-alice-mic", "producer_stats", fixture("producer-audio-t0.json"));
    first.put("producer_id", "prod-a1");
    QualitySample a = map(first, T0).quality().get(0);
    assertThat(a.getStreamId()).isEqualTo("room1-alice-mic");
    assertThat(a.getSource()).isEqualTo("mediasoup");
    assertThat(a.getDirection()).isEqualTo(Direction.inbound);
    assertThat(a.getKind()).isEqualTo(MediaKind.audio);
    assertThat(a.getCodec()).isEqualTo("audio/opus");
    assertThat(a.getSsrc()).isEqualTo(1109023113L);
    assertThat(a.getTrackId()).isEqualTo("prod-a1");
    assertThat(a.getNodeId()).isEqualTo("sfu-node");
    assertThat(a.getLossPct()).isEqualTo(0.0); // fractionLost 0
    assertThat(a.getPacketsLost()).isNull(); // no interval yet
    assertThat(a.getIntervalMs()).isNull();
    assertThat(a.getJitterMs()).isCloseTo(20.0, within(1e-9)); // 960 RTP units at 48 kHz
    assertThat(a.getBitrateKbps()).isCloseTo(32.12, within(1e-9));
    assertThat(a.getRttMs()).isNull(); // producers report no RTT without SR/RR round trip
    assertThat(a.getLabels()).containsEntry("mediasoup_score", "10").containsEntry("mediasoup_producer_id", "prod-a1");

    ObjectNode second = report("room1-alice-mic", "producer_stats", fixture("producer-audio-t1.json"));
    second.put("producer_id", "prod-a1");
    QualitySample b = map(second, T0.plusSeconds(5)).quality().get(0);
    assertThat(b.getIntervalMs()).isEqualTo(5000L);
    assertThat(b.getPacketsReceived()).isEqualTo(240L);
    assertThat(b.getPacketsLost()).isEqualTo(10L);
    assertThat(b.getLossPct()).isCloseTo(100.0 * 10 / 250, within(1e-9));
    assertThat(b.getNackCount()).isEqualTo(3L);
    assertThat(b.getPliCount()).isNull(); // audio
    assertThat(b.getJitterMs()).isCloseTo(30.0, within(1e-9));
    assertThat(b.getLabels()).containsEntry("mediasoup_score", "8");
    assertThat(b.getCollectorSeq()).isGreaterThan(a.getCollectorSeq());
  }

  @Test
  void consumerVideoIsOutboundWithReceiverReportLossRttAndPli() throws Exception {
    ObjectNode first = report("room1-alice-cam", "consumer_stats", fixture("consumer-video-t0.json"));
    first.put("consumer_id", "cons-v1");
    var r0 = map(first, T0);
    // the producer's inbound-rtp inside consumer.getStats() is not this consumer's stream
    assertThat(r0.quality()).singleElement().satisfies(q -> {
      assertThat(q.getDirection()).isEqualTo(Direction.outbound);
      assertThat(q.getKind()).isEqualTo(MediaKind.video);
      assertThat(q.getLossPct()).isCloseTo(13 / 256.0 * 100, within(1e-9));
      assertThat(q.getRttMs()).isEqualTo(48.3);
      assertThat(q.getJitterMs()).isCloseTo(50.0, within(1e-9)); // 4500 at 90 kHz
      assertThat(q.getBitrateKbps()).isEqualTo(480.0);
      assertThat(q.getTrackId()).isEqualTo("cons-v1");
    });
    ObjectNode second = report("room1-alice-cam", "consumer_stats", fixture("consumer-video-t1.json"));
    second.put("consumer_id", "cons-v1");
    QualitySample q = map(second, T0.plusSeconds(5)).quality().get(0);
    assertThat(q.getPacketsLost()).isEqualTo(25L);
    assertThat(q.getPacketsReceived()).isNull(); // outbound: packets were sent, not received
    assertThat(q.getLossPct()).isCloseTo(100.0 * 25 / 500, within(1e-9));
    assertThat(q.getNackCount()).isEqualTo(15L);
    assertThat(q.getPliCount()).isEqualTo(3L);
    assertThat(q.getRttMs()).isEqualTo(52.0);
    assertThat(q.getLabels()).containsEntry("mediasoup_score", "7");
  }

  @Test
  void simulcastLayersAreSeparateSeriesWithRidInTrackId() throws Exception {
    JsonNode layer = fixture("consumer-video-t0.json").get(1); // a producer's inbound-rtp, rid r2
    ObjectNode r = report("room1-bob-cam", "stats", JSON.createArrayNode().add(layer));
    r.put("producer_id", "prod-v9");
    QualitySample q = map(r, T0).quality().get(0);
    assertThat(q.getTrackId()).isEqualTo("prod-v9:r2");
    assertThat(q.getLabels()).containsEntry("rid", "r2");
    assertThat(q.getJitterMs()).isCloseTo(15.0, within(1e-9));
    assertThat(q.getPliCount()).isNull(); // first report of the series
  }

  @Test
  void newSsrcOrCounterResetStartsANewSeries() throws Exception {
    map(report("s", "stats", fixture("producer-audio-t1.json")), T0);
    // same stream, counters went backwards (producer replaced after an ICE restart; same ssrc kept by the client)
    QualitySample q = map(report("s", "stats", fixture("producer-audio-t0.json")), T0.plusSeconds(5)).quality().get(0);
    assertThat(q.getPacketsLost()).isNull();
    assertThat(q.getNackCount()).isNull();
    assertThat(q.getLossPct()).isEqualTo(0.0); // from fractionLost again
    QualitySample next = map(report("s", "stats", fixture("producer-audio-t1.json")), T0.plusSeconds(10))
        .quality().get(0);
    assertThat(next.getPacketsLost()).isEqualTo(10L);
  }

  @Test
  void jitterInMillisecondsForOlderWorkers() throws Exception {
    ObjectNode r = report("s", "stats", fixture("producer-audio-t0.json"));
    r.put("jitter_unit", "ms");
    assertThat(map(r, T0).quality().get(0).getJitterMs()).isEqualTo(960.0);
    assertThat(MediasoupStatsMapper.clockRate("video/H264", MediaKind.video)).isEqualTo(90_000.0);
    assertThat(MediasoupStatsMapper.clockRate("audio/PCMU", MediaKind.audio)).isEqualTo(8_000.0);
    assertThat(MediasoupStatsMapper.clockRate("audio/weird", MediaKind.audio)).isNull();
  }

  @Test
  void batchWithTransportAndCountsGivesHealthSample() throws Exception {
    ObjectNode body = JSON.createObjectNode();
    body.put("producers", 2).put("consumers", 7).put("instance", "worker-4711").put("node_id", "sfu-eu-1");
    body.putObject("labels").put("region", "eu");
    ObjectNode mic = report("room1-alice-mic", "producer_stats", fixture("producer-audio-t0.json"));
    mic.set("transport_stats", fixture("transport.json"));
    ObjectNode cam = report("room1-alice-cam", "consumer_stats", fixture("consumer-video-t0.json"));
    body.putArray("reports").add(mic).add(cam);
    var r = map(body, T0);
    assertThat(r.quality()).hasSize(2).allSatisfy(q -> {
      assertThat(q.getNodeId()).isEqualTo("sfu-eu-1");
      assertThat(q.getLabels()).containsEntry("region", "eu");
    });
    assertThat(r.quality().get(0).getLabels()).containsEntry("ice_state", "completed")
        .containsEntry("dtls_state", "connected");
    assertThat(r.quality().get(1).getLabels()).doesNotContainKey("ice_state"); // other report, no transport stats
    HealthSample h = r.health().get(0);
    assertThat(h.getComponent()).isEqualTo(Component.sfu);
    assertThat(h.getInstance()).isEqualTo("worker-4711");
    assertThat(h.getProducers()).isEqualTo(2);
    assertThat(h.getConsumers()).isEqualTo(7);
    assertThat(h.getNodeId()).isEqualTo("sfu-eu-1");
    assertThat(h.getExtra()).containsEntry("transports", 1.0).containsEntry("transports_not_connected", 0.0)
        .containsEntry("transport_recv_kbps", 530.0).containsEntry("available_outgoing_kbps", 1200.0)
        .containsEntry("score_min", 9.0).containsEntry("score_avg", 9.5);
    assertThat(r.all()).hasSize(3);
  }

  @Test
  void countsAloneAreEnough() {
    var r = map(JSON.createObjectNode().put("producers", 0).put("consumers", 0), T0);
    assertThat(r.quality()).isEmpty();
    assertThat(r.health()).singleElement().satisfies(h -> assertThat(h.getConsumers()).isZero());
  }

  @Test
  void badInputIsRefusedWithAReason() {
    String[][] cases = {
        {"[]", "JSON object"},
        {"{}", "nothing to map"},
        {"{\"reports\":{}}", "'reports' must be an array"},
        {"{\"reports\":[{\"stats\":[]}]}", "'stream_id' is required"},
        {"{\"stream_id\":\"s\",\"stats\":5}", "getStats() array"},
        {"{\"stream_id\":\"s\",\"stats\":[{\"kind\":\"audio\"}]}", "string 'type'"},
        {"{\"producers\":-1}", "non-negative integer"},
        {"{\"consumers\":2.5}", "non-negative integer"},
        {"{\"stream_id\":\"s\",\"stats\":[],\"jitter_unit\":\"s\"}", "jitter_unit"},
        {"{\"reports\":[7]}", "reports[0] must be an object"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> map(JSON.readTree(c[0]), T0)).as(c[0]).isInstanceOf(BadRequest.class)
          .hasMessageContaining(c[1]);
    }
  }

  @Test
  void unknownStatsAreIgnoredAndIdleStreamsForgotten() throws Exception {
    var r = map(JSON.readTree("""
        {"stream_id":"s","stats":[{"type":"data-producer","label":"chat","messagesReceived":3},
         {"type":"inbound-rtp","kind":"data","ssrc":1}]}"""), T0);
    assertThat(r.quality()).isEmpty();
    assertThat(r.ignored()).isEqualTo(2);
    map(report("s", "stats", fixture("producer-audio-t0.json")), T0);
    assertThat(mapper.trackedStreams()).isEqualTo(1);
    assertThat(mapper.forgetIdleSince(T0.plusSeconds(1))).isEqualTo(1);
    assertThat(mapper.trackedStreams()).isZero();
  }
}

package io.vigil.collectors.janus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.schemas.avro.ChangeOp;
import io.vigil.schemas.avro.Direction;
import io.vigil.schemas.avro.LifecycleEntity;
import io.vigil.schemas.avro.LifecycleEvent;
import io.vigil.schemas.avro.LifecycleSource;
import io.vigil.schemas.avro.LifecycleState;
import io.vigil.schemas.avro.MediaKind;
import io.vigil.schemas.avro.MetricKind;
import io.vigil.schemas.avro.MetricSample;
import io.vigil.schemas.avro.QualitySample;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Janus sample event handler posts as Janus 1.x sends them: sessions (1), handles (2), media (32), batched. */
class JanusEventsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final String SESSION = "2558733437924592";
  static final String OPAQUE = "videoroomtest-AbCdEf123456";

  final JanusEventMapper mapper = new JanusEventMapper();
  final AtomicLong seq = new AtomicLong();

  JanusEventMapper.Mapped post(String json) throws Exception {
    return mapper.map(JSON.readTree(json), "janus-node", "default", seq::incrementAndGet, NOW);
  }

  static String session(String name) {
    return """
        {"emitter":"janus-eu-1","type":1,"timestamp":1709294400000000,"session_id":%s,
         "event":{"name":"%s","transport":{"transport":"janus.transport.websockets","id":"7f3c5a2e9b1d"}}}"""
        .formatted(SESSION, name);
  }

  static String handle(long handleId, String name) {
    return """
        {"emitter":"janus-eu-1","type":2,"timestamp":1709294400100000,"session_id":%s,"handle_id":%d,
         "opaque_id":"%s","event":{"name":"%s","plugin":"janus.plugin.videoroom","opaque_id":"%s"}}"""
        .formatted(SESSION, handleId, OPAQUE, name, OPAQUE);
  }

  static String video(long handleId, long tsUs, long lost, long recv, long nacksSent, long lostByRemote, long sent,
      long nacksReceived, int inLq, int outLq) {
    return """
        {"emitter":"janus-eu-1","type":32,"subtype":3,"timestamp":%d,"session_id":%s,"handle_id":%d,
         "opaque_id":"%s","event":{"mid":"1","mindex":1,"media":"video","codec":"vp8","base":90000,"rtt":58,
         "lost":%d,"lost-by-remote":%d,"jitter-local":12,"jitter-remote":9,"in-link-quality":%d,
         "in-media-link-quality":%d,"out-link-quality":%d,"out-media-link-quality":%d,"packets-received":%d,
         "packets-sent":%d,"bytes-received":1250000,"bytes-sent":2500000,"bytes-received-lastsec":62500,
         "bytes-sent-lastsec":125000,"nacks-received":%d,"nacks-sent":%d,"retransmissions-received":2}}"""
        .formatted(tsUs, SESSION, handleId, OPAQUE, lost, lostByRemote, inLq, inLq - 3, outLq, outLq - 1, recv, sent,
            nacksReceived, nacksSent);
  }

  @Test
  void mediaStatsMapBothDirectionsLinkQualityBytesLastSecAndNacks() throws Exception {
    post(video(8385498427264880L, 1_000_000_000L, 20, 4980, 5, 10, 5000, 2, 100, 100));
    var m = post(video(8385498427264880L, 1_010_000_000L, 70, 5930, 25, 60, 6000, 12, 84, 91));

    QualitySample in = m.quality().stream().filter(q -> q.getDirection() == Direction.inbound).findFirst()
        .orElseThrow();
    assertThat(in.getKind()).isEqualTo(MediaKind.video);
    assertThat(in.getStreamId()).isEqualTo(OPAQUE);
    assertThat(in.getCodec()).isEqualTo("video/vp8");
    assertThat(in.getIntervalMs()).isEqualTo(10_000L); // from Janus' monotonic microsecond timestamps
    assertThat(in.getPacketsLost()).isEqualTo(50L);
    assertThat(in.getPacketsReceived()).isEqualTo(950L);
    assertThat(in.getLossPct()).isEqualTo(5.0);
    assertThat(in.getNackCount()).isEqualTo(20L); // nacks-sent: what Janus missed
    assertThat(in.getBitrateKbps()).isEqualTo(500.0); // bytes-received-lastsec 62500 B/s
    assertThat(in.getJitterMs()).isEqualTo(12.0);
    assertThat(in.getRttMs()).isEqualTo(58.0);

    QualitySample out = m.quality().stream().filter(q -> q.getDirection() == Direction.outbound).findFirst()
        .orElseThrow();
    assertThat(out.getPacketsLost()).isEqualTo(50L); // lost-by-remote
    assertThat(out.getLossPct()).isEqualTo(5.0); // 50 of 1000 sent
    assertThat(out.getNackCount()).isEqualTo(10L); // nacks-received: what the peer missed
    assertThat(out.getBitrateKbps()).isEqualTo(1000.0); // bytes-sent-lastsec 125000 B/s
    assertThat(out.getJitterMs()).isEqualTo(9.0); // jitter-remote
    assertThat(out.getPacketsReceived()).isNull();

    assertThat(m.metrics()).extracting(MetricSample::getName).containsExactlyInAnyOrder("janus_in_link_quality",
        "janus_in_media_link_quality", "janus_out_link_quality", "janus_out_media_link_quality");
    assertThat(m.metrics()).allSatisfy(x -> {
      assertThat(x.getKind()).isEqualTo(MetricKind.gauge);
      assertThat(x.getSource()).isEqualTo("janus");
      assertThat(x.getLabels()).containsEntry("stream_id", OPAQUE).containsEntry("media", "video")
          .containsEntry("mid", "1").containsEntry("handle_id", "8385498427264880");
    });
    assertThat(value(m, "janus_in_link_quality")).isEqualTo(84.0);
    assertThat(value(m, "janus_in_media_link_quality")).isEqualTo(81.0);
    assertThat(value(m, "janus_out_link_quality")).isEqualTo(91.0);
    assertThat(value(m, "janus_out_media_link_quality")).isEqualTo(90.0);
    assertThat(m.all()).hasSize(6);
  }

  static double value(JanusEventMapper.Mapped m, String name) {
    return m.metrics().stream().filter(x -> x.getName().equals(name)).findFirst().orElseThrow().getValue();
  }

  @Test
  void sessionsAndHandlesBecomeLifecycleEventsInABatch() throws Exception {
    long pub = 8385498427264880L;
    long sub = 4432179900112233L;
    var start = post("[" + session("created") + "," + handle(pub, "attached") + "," + handle(sub, "attached") + ","
        + video(pub, 1_000_000_000L, 0, 100, 0, 0, 100, 0, 100, 100) + "]");
    assertThat(start.lifecycle()).hasSize(2); // the second handle of the same opaque id is not a new stream
    LifecycleEvent s = start.lifecycle().get(0);
    assertThat(s.getEntity()).isEqualTo(LifecycleEntity.session);
    assertThat(s.getEntityId()).isEqualTo(SESSION);
    assertThat(s.getState()).isEqualTo(LifecycleState.live);
    assertThat(s.getOp()).isEqualTo(ChangeOp.c);
    assertThat(s.getSource()).isEqualTo(LifecycleSource.collector);
    assertThat(s.getStartedAt()).isEqualTo(NOW);
    assertThat(s.getLabels()).containsEntry("janus_transport", "janus.transport.websockets");
    LifecycleEvent st = start.lifecycle().get(1);
    assertThat(st.getEntity()).isEqualTo(LifecycleEntity.stream);
    assertThat(st.getEntityId()).isEqualTo(OPAQUE).isEqualTo(start.quality().get(0).getStreamId());
    assertThat(st.getStreamId()).isEqualTo(OPAQUE);
    assertThat(st.getState()).isEqualTo(LifecycleState.live);
    assertThat(st.getLabels()).containsEntry("janus_plugin", "janus.plugin.videoroom");
    assertThat(mapper.trackedHandles()).isEqualTo(2);

    // the subscriber leaves: the publisher still carries the stream
    assertThat(post(handle(sub, "detached")).lifecycle()).isEmpty();
    // the publisher leaves: the stream ends, its counters are forgotten
    var end = post("[" + handle(pub, "detached") + "," + session("destroyed") + "]");
    assertThat(end.lifecycle()).extracting(LifecycleEvent::getEntity, LifecycleEvent::getState).containsExactly(
        org.assertj.core.groups.Tuple.tuple(LifecycleEntity.stream, LifecycleState.ended),
        org.assertj.core.groups.Tuple.tuple(LifecycleEntity.session, LifecycleState.ended));
    assertThat(end.lifecycle()).allSatisfy(e -> {
      assertThat(e.getEndedAt()).isEqualTo(NOW);
      assertThat(e.getOp()).isEqualTo(ChangeOp.u);
    });
    assertThat(mapper.trackedHandles()).isZero();
    // the same handle id reporting again starts a new series (no delta against the old counters)
    var again = post(video(pub, 2_000_000_000L, 5, 50, 0, 0, 60, 0, 100, 100));
    assertThat(again.quality()).allSatisfy(q -> assertThat(q.getLossPct()).isNull());
  }

  @Test
  void sessionTimeoutEndsItsHandlesAndUnknownEventsAreCounted() throws Exception {
    long h = 1234567L;
    post(session("created"));
    post(handle(h, "attached"));
    var timeout = post("[" + session("timeout") + ",{\"type\":64,\"event\":{\"plugin\":\"janus.plugin.videoroom\"}},"
        + "{\"type\":1,\"session_id\":1,\"event\":{\"name\":\"something-new\"}}]");
    assertThat(timeout.lifecycle()).extracting(LifecycleEvent::getEntity).containsExactly(LifecycleEntity.stream,
        LifecycleEntity.session);
    assertThat(timeout.lifecycle()).allSatisfy(e -> assertThat(e.getState()).isEqualTo(LifecycleState.ended));
    assertThat(timeout.lifecycle().get(1).getLabels()).containsEntry("reason", "timeout");
    assertThat(mapper.ignored()).isEqualTo(2);
    assertThat(mapper.trackedHandles()).isZero();
  }

  @Test
  void handleWithoutOpaqueIdUsesSessionDashHandleLikeItsMedia() throws Exception {
    var m = post("""
        [{"type":2,"session_id":11,"handle_id":22,"event":{"name":"attached","plugin":"janus.plugin.echotest"}},
         {"type":32,"session_id":11,"handle_id":22,"event":{"mid":"0","media":"audio","lost":0,
          "packets-received":10,"bytes-received-lastsec":4000}}]""");
    assertThat(m.lifecycle()).singleElement().satisfies(e -> assertThat(e.getStreamId()).isEqualTo("11-22"));
    assertThat(m.quality()).singleElement().satisfies(q -> { // no packets-sent: no outbound sample
      assertThat(q.getStreamId()).isEqualTo("11-22");
      assertThat(q.getDirection()).isEqualTo(Direction.inbound);
    });
    assertThat(m.metrics()).isEmpty(); // no link-quality fields in this report
  }
}

package io.vigil.collectors.janus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.schemas.avro.Direction;
import io.vigil.schemas.avro.MediaKind;
import io.vigil.schemas.avro.QualitySample;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JanusEventMapperTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static String media(long lost, long recv, long nacks) {
    return """
        {"emitter":"janus","type":32,"subtype":3,"timestamp":1700000000000000,"session_id":111,"handle_id":222,
         "opaque_id":"room1-alice","event":{"mid":"0","mindex":0,"media":"audio","base":48000,"rtt":42,"lost":%d,
         "lost-by-remote":0,"jitter-local":7,"jitter-remote":3,"in-link-quality":95,"in-media-link-quality":97,
         "out-link-quality":100,"out-media-link-quality":100,"packets-received":%d,"packets-sent":500,
         "bytes-received":40000,"bytes-sent":40000,"bytes-received-lastsec":4000,"bytes-sent-lastsec":4000,
         "nacks-received":0,"nacks-sent":%d,"retransmissions-received":0}}""".formatted(lost, recv, nacks);
  }

  static List<QualitySample> inbound(JanusEventMapper.Mapped m) {
    return m.quality().stream().filter(q -> q.getDirection() == Direction.inbound).toList();
  }

  @Test
  void batchedMediaEventsGiveIntervalLossJitterRttAndBitrate() throws Exception {
    JanusEventMapper m = new JanusEventMapper();
    AtomicLong seq = new AtomicLong();
    List<QualitySample> first = inbound(m.map(JSON.readTree("[" + media(10, 990, 1) + ",{\"type\":1,\"event\":{}}]"),
        "n", "default", seq::incrementAndGet, Instant.EPOCH));
    assertThat(first).singleElement().satisfies(q -> {
      assertThat(q.getLossPct()).isNull(); // first report: no interval yet
      assertThat(q.getJitterMs()).isEqualTo(7.0);
      assertThat(q.getRttMs()).isEqualTo(42.0);
      assertThat(q.getBitrateKbps()).isEqualTo(32.0);
      assertThat(q.getStreamId()).isEqualTo("room1-alice");
      assertThat(q.getKind()).isEqualTo(MediaKind.audio);
      assertThat(q.getSource()).isEqualTo("janus");
    });
    assertThat(m.ignored()).isEqualTo(1);
    List<QualitySample> second = inbound(m.map(JSON.readTree(media(15, 1085, 4)), "n", "default",
        seq::incrementAndGet, Instant.EPOCH));
    assertThat(second).singleElement().satisfies(q -> {
      assertThat(q.getPacketsLost()).isEqualTo(5L);
      assertThat(q.getLossPct()).isEqualTo(5.0);
      assertThat(q.getNackCount()).isEqualTo(3L);
    });
  }
}

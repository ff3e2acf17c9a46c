package io.vigil.collectors.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.schemas.avro.QualitySample;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebRtcIntervalCalculatorTest {
  static final StreamIdentity ID = StreamIdentity.of("s1", "p1");

  static String inbound(long ssrc, double ts, long recv, long lost, long bytes) {
    return """
        [{"id":"IT%d","type":"inbound-rtp","kind":"audio","ssrc":%d,"timestamp":%s,"packetsReceived":%d,
          "packetsLost":%d,"bytesReceived":%d,"jitter":0.02}]""".formatted(ssrc, ssrc, ts, recv, lost, bytes);
  }

  @Test
  void firstReportStartsSeriesAndSecondYieldsInterval() {
    var calc = new WebRtcIntervalCalculator("n");
    assertThat(calc.update(ID, inbound(1, 1000, 100, 0, 10_000), Instant.now())).isEmpty();
    List<QualitySample> out = calc.update(ID, inbound(1, 2000, 190, 10, 20_000), Instant.now());
    assertThat(out).singleElement().satisfies(s -> {
      assertThat(s.getLossPct()).isEqualTo(10.0);
      assertThat(s.getBitrateKbps()).isEqualTo(80.0);
      assertThat(s.getJitterMs()).isEqualTo(20.0);
      assertThat(s.getIntervalMs()).isEqualTo(1000L);
      assertThat(s.getCollectorSeq()).isEqualTo(1L);
    });
  }

  @Test
  void counterResetStartsNewSeriesInsteadOfNegativeDeltas() {
    var calc = new WebRtcIntervalCalculator("n");
    calc.update(ID, inbound(1, 1000, 1000, 0, 100_000), Instant.now());
    assertThat(calc.update(ID, inbound(1, 2000, 5, 0, 500), Instant.now())).isEmpty();
    assertThat(calc.update(ID, inbound(1, 3000, 105, 0, 10_500), Instant.now()))
        .singleElement().satisfies(s -> assertThat(s.getPacketsReceived()).isEqualTo(100L));
  }

  @Test
  void duplicateOrOlderReportsEmitNothing() {
    var calc = new WebRtcIntervalCalculator("n");
    calc.update(ID, inbound(1, 1000, 100, 0, 1000), Instant.now());
    assertThat(calc.update(ID, inbound(1, 1000, 100, 0, 1000), Instant.now())).isEmpty();
  }

  @Test
  void anOlderReportLeavesTheBaselineWhereItWas() {
    var calc = new WebRtcIntervalCalculator("n");
    calc.update(ID, inbound(1, 2000, 100, 0, 10_000), Instant.now());
    assertThat(calc.update(ID, inbound(1, 1500, 150, 0, 15_000), Instant.now())).isEmpty();
    assertThat(calc.update(ID, inbound(1, 3000, 190, 10, 20_000), Instant.now())).singleElement().satisfies(s -> {
      assertThat(s.getPacketsReceived()).isEqualTo(90L);
      assertThat(s.getIntervalMs()).isEqualTo(1000L);
      assertThat(s.getBitrateKbps()).isEqualTo(80.0);
    });
  }

  @Test
  void aNewSsrcStartsANewSeriesAndItsCountersBecomeTheBaseline() {
    var calc = new WebRtcIntervalCalculator("n");
    String first = inbound(1, 1000, 100, 0, 10_000);
    calc.update(ID, first, Instant.now());
    // the same stats id carrying another ssrc (a renegotiated track): no interval across the two
    String other = first.replace("\"ssrc\":1,", "\"ssrc\":7,");
    assertThat(calc.update(ID, other.replace("1000.0", "2000.0").replace(":100,", ":5000,"), Instant.now())).isEmpty();
    assertThat(calc.update(ID, other.replace("1000.0", "3000.0").replace(":100,", ":5050,"), Instant.now()))
        .singleElement().satisfies(s -> {
          assertThat(s.getSsrc()).isEqualTo(7L);
          assertThat(s.getPacketsReceived()).isEqualTo(50L);
        });
  }

  @Test
  void garbageValuesAreIgnoredNotPropagated() {
    var calc = new WebRtcIntervalCalculator("n");
    String weird = """
        [{"id":"IT1","type":"inbound-rtp","kind":"audio","ssrc":1,"timestamp":1000,"packetsReceived":"many",
          "packetsLost":-5,"jitter":-1},{"type":"made-up-type"},{"id":"x"},42,null]""";
    assertThat(calc.update(ID, weird, Instant.now())).isEmpty();
    assertThat(calc.update(ID, weird.replace(":1000", ":2000"), Instant.now())).singleElement()
        .satisfies(s -> {
          assertThat(s.getLossPct()).isNull();
          assertThat(s.getJitterMs()).isNull();
        });
    assertThatThrownBy(() -> calc.update(ID, "{not json", Instant.now())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> calc.update(ID, "\"text\"", Instant.now())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void idleTracksAreForgotten() {
    var calc = new WebRtcIntervalCalculator("n");
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    calc.update(ID, inbound(1, 1000, 1, 0, 1), t0);
    calc.update(ID, inbound(2, 1000, 1, 0, 1), t0.plusSeconds(60));
    assertThat(calc.forgetIdleSince(t0.plusSeconds(30))).isEqualTo(1);
    assertThat(calc.trackedTracks()).isEqualTo(1);
  }
}

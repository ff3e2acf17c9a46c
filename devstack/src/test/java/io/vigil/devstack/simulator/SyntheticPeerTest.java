package io.vigil.devstack.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyntheticPeerTest {
  static Map<String, Object> find(List<Map<String, Object>> stats, String type, String kind) {
    return stats.stream().filter(s -> type.equals(s.get("type")) && (kind == null || kind.equals(s.get("kind"))))
        .findFirst().orElseThrow();
  }

  static long num(Map<String, Object> m, String key) {
    return ((Number) m.get(key)).longValue();
  }

  @Test
  void countersAreCumulativeAndLossFollowsTheImpairment() {
    SyntheticPeer peer = new SyntheticPeer(3);
    var first = find(peer.report(1_000, new Impairment(10, 30, 200), 1.0), "inbound-rtp", "audio");
    List<Map<String, Object>> last = null;
    for (int i = 2; i <= 60; i++) {
      last = peer.report(i * 1_000L, new Impairment(10, 30, 200), 1.0);
    }
    var audio = find(last, "inbound-rtp", "audio");
    assertThat(num(audio, "packetsReceived")).isGreaterThan(num(first, "packetsReceived"));
    double lost = num(audio, "packetsLost");
    double lossPct = 100 * lost / (lost + num(audio, "packetsReceived"));
    assertThat(lossPct).isCloseTo(10.0, within(2.0));
    // W3C units: seconds.
    assertThat((Double) audio.get("jitter")).isBetween(0.02, 0.04);
    assertThat((Double) find(last, "remote-inbound-rtp", null).get("roundTripTime")).isBetween(0.15, 0.25);
    assertThat(find(last, "candidate-pair", null).get("nominated")).isEqualTo(true);
  }

  @Test
  void healthyNetworkLosesNothing() {
    SyntheticPeer peer = new SyntheticPeer(9);
    List<Map<String, Object>> last = null;
    for (int i = 1; i <= 30; i++) {
      last = peer.report(i * 1_000L, Impairment.HEALTHY, 1.0);
    }
    assertThat(num(find(last, "inbound-rtp", "audio"), "packetsLost")).isZero();
  }

  @Test
  void lossyNetworkRampsInTheFirstRoomOnly() {
    Impairment start = Scenario.LOSSY_NETWORK.network(0, 0, 0);
    Impairment held = Scenario.LOSSY_NETWORK.network(0, 0, 45);
    assertThat(start).isEqualTo(Impairment.HEALTHY);
    assertThat(held.lossPct()).isGreaterThan(5);
    assertThat(held.jitterMs()).isGreaterThan(30);
    assertThat(Scenario.LOSSY_NETWORK.network(0, 1, 45)).isEqualTo(Impairment.HEALTHY);
    assertThat(Scenario.LOSSY_NETWORK.network(1, 0, 45)).as("the first room of another node").isEqualTo(Impairment.HEALTHY);
    assertThat(Scenario.CONGESTED_SFU.network(0, 3, 0).lossPct()).isGreaterThan(5);
    assertThat(Scenario.CONGESTED_SFU.network(1, 0, 0)).isEqualTo(Impairment.HEALTHY);
  }

  @Test
  void scheduleParsesAndPicksTheStepInForce() {
    var s = ScenarioSchedule.parse("healthy@0, lossy-network@60,healthy@180");
    assertThat(s.at(10).scenario()).isEqualTo(Scenario.HEALTHY);
    assertThat(s.at(61).scenario()).isEqualTo(Scenario.LOSSY_NETWORK);
    assertThat(s.at(200).scenario()).isEqualTo(Scenario.HEALTHY);
    assertThatThrownBy(() -> ScenarioSchedule.parse("meteor-strike@5")).hasMessageContaining("lossy-network");
    assertThatThrownBy(() -> ScenarioSchedule.parse("healthy@soon")).hasMessageContaining("SCENARIO@SECONDS");
  }
}

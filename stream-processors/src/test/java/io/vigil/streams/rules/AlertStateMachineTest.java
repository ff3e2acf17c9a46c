package io.vigil.streams.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.schemas.avro.AlertRule;
import io.vigil.schemas.avro.AlertStatus;
import io.vigil.schemas.avro.CompareOp;
import io.vigil.schemas.avro.RuleSource;
import io.vigil.streams.rules.AlertStateMachine.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertStateMachineTest {
  private static AlertRule rule(long forS, long keepS, Long absentS) {
    return AlertRule.newBuilder().setRuleId("r").setName("R").setSource(RuleSource.quality).setMetric("loss_pct")
        .setOp(CompareOp.gt).setThreshold(5).setForS(forS).setKeepFiringForS(keepS).setAbsentForS(absentS).build();
  }

  private AlertState state;
  private final List<Transition> events = new ArrayList<>();

  private void observe(AlertRule r, double value, long ts) {
    Step s = AlertStateMachine.observe(state, r, "fp", Map.of("stream_id", "s"), value > 5, value, ts, ts, true);
    state = s.next();
    events.addAll(s.transitions());
  }

  private void tick(AlertRule r, long wall, boolean live) {
    Step s = AlertStateMachine.tick(state, r, wall, 300_000, live);
    state = s.next();
    events.addAll(s.transitions());
  }

  private List<AlertStatus> statuses() {
    return events.stream().map(Transition::status).toList();
  }

  @Test
  void pendingThenFiringAfterForThenResolvedOnce() {
    AlertRule r = rule(10, 0, null);
    observe(r, 1, 0);
    observe(r, 8, 1_000);
    observe(r, 9, 6_000);
    observe(r, 9, 11_000);
    observe(r, 9, 16_000);
    observe(r, 1, 21_000);
    observe(r, 1, 26_000);
    assertThat(statuses()).containsExactly(AlertStatus.pending, AlertStatus.firing, AlertStatus.resolved);
    assertThat(events.get(0).at()).isEqualTo(1_000);
    assertThat(events.get(1).at()).isEqualTo(11_000);
    assertThat(events.get(1).startsAt()).isEqualTo(11_000);
    assertThat(events.get(2).endsAt()).isEqualTo(21_000);
    assertThat(state).isNull();
  }

  @Test
  void shortSpikeStaysPendingAndClears() {
    AlertRule r = rule(10, 0, null);
    observe(r, 8, 0);
    observe(r, 1, 5_000);
    assertThat(statuses()).containsExactly(AlertStatus.pending, AlertStatus.resolved);
  }

  @Test
  void noForFiresImmediately() {
    observe(rule(0, 0, null), 50, 0);
    assertThat(statuses()).containsExactly(AlertStatus.firing);
  }

  @Test
  void keepFiringForHoldsThroughAFlap() {
    AlertRule r = rule(0, 20, null);
    observe(r, 9, 0);
    observe(r, 1, 5_000);
    observe(r, 9, 10_000);
    observe(r, 1, 15_000);
    assertThat(statuses()).containsExactly(AlertStatus.firing);
    observe(r, 1, 31_000);
    assertThat(statuses()).containsExactly(AlertStatus.firing, AlertStatus.resolved);
  }

  @Test
  void silentSeriesStillFiresOnWallClock() {
    AlertRule r = rule(10, 0, null);
    observe(r, 9, 0);
    tick(r, 5_000, true);
    assertThat(statuses()).containsExactly(AlertStatus.pending);
    tick(r, 10_000, true);
    assertThat(statuses()).containsExactly(AlertStatus.pending, AlertStatus.firing);
  }

  @Test
  void staleSeriesResolves() {
    AlertRule r = rule(0, 0, null);
    observe(r, 9, 0);
    tick(r, 300_001, true);
    assertThat(statuses()).containsExactly(AlertStatus.firing, AlertStatus.resolved);
  }

  @Test
  void deletedRuleResolvesItsAlert() {
    observe(rule(0, 0, null), 9, 0);
    tick(null, 1_000, true);
    assertThat(statuses()).containsExactly(AlertStatus.firing, AlertStatus.resolved);
    assertThat(state).isNull();
  }

  @Test
  void absentRuleFiresForSilentLiveSeriesAndResolvesWhenDataReturns() {
    AlertRule r = rule(0, 0, 30L);
    observe(r, 1, 0);
    tick(r, 29_000, true);
    assertThat(events).isEmpty();
    tick(r, 30_000, true);
    tick(r, 31_000, true);
    assertThat(statuses()).containsExactly(AlertStatus.firing);
    assertThat(events.get(0).startsAt()).isEqualTo(30_000);
    observe(r, 1, 40_000);
    assertThat(statuses()).containsExactly(AlertStatus.firing, AlertStatus.resolved);
  }

  @Test
  void absentRuleIgnoresSeriesThatEnded() {
    AlertRule r = rule(0, 0, 30L);
    observe(r, 1, 0);
    tick(r, 60_000, false);
    assertThat(events).isEmpty();
    assertThat(state).isNull();
  }

  @Test
  void stateSurvivesSerialization() {
    observe(rule(10, 0, null), 9, 1_000);
    AlertState back = AlertState.fromBytes(state.toBytes());
    assertThat(back.phase).isEqualTo(AlertState.Phase.PENDING);
    assertThat(back.activeAt).isEqualTo(1_000);
    assertThat(back.labels).containsEntry("stream_id", "s");
    assertThat(back.lastValue).isEqualTo(9.0);
  }

  @Test
  void aStateRewrittenWithTheSameLabelsSharesTheirMapAndChangedLabelsGetANewOne() {
    AlertRule r = rule(0, 0, 60L);
    Map<String, String> labels = Map.of("stream_id", "s", "room", "A");
    AlertState first = AlertStateMachine.observe(null, r, "fp", labels, false, 1.0, 0, 0, true).next();
    AlertState second = AlertStateMachine.observe(first, r, "fp", new java.util.TreeMap<>(labels), false, 1.0, 1_000,
        1_000, true).next();
    assertThat(second).isNotSameAs(first);
    assertThat(second.lastSeenTs).isEqualTo(1_000);
    assertThat(second.labels).as("equal labels: the map is shared, not copied").isSameAs(first.labels);
    assertThat(AlertStateMachine.tick(second, r, 2_000, 300_000, true).next().labels).isSameAs(first.labels);

    AlertState moved = AlertStateMachine.observe(second, r, "fp", Map.of("stream_id", "s", "room", "B"), false, 1.0,
        2_000, 2_000, true).next();
    assertThat(moved.labels).containsEntry("room", "B");
    assertThat(first.labels).as("the earlier states keep theirs").containsEntry("room", "A");
    assertThat(second.labels).containsEntry("room", "A");
  }
}

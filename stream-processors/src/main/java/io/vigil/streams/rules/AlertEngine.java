package io.vigil.streams.rules;

import io.vigil.schemas.avro.AlertEvent;
import io.vigil.schemas.avro.AlertRule;
import io.vigil.schemas.avro.RuleSource;
import io.vigil.streams.emit.AlertEvents;
import io.vigil.streams.rules.AlertStateMachine.Step;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Applies the pure rule state machine to an alert store (fingerprint -> state) for every rule an observation matches,
 * and emits every transition. Shared by the topology (store = Kafka Streams store) and the rule-file test runner.
 */
public final class AlertEngine {
  private final AlertStore store;
  private final RuleSet rules;
  private final long staleAfterMs;
  private final long startedAtWall;
  /**
   * Absent rules touch their series on every sample; within a second nothing can change for an inactive series, so
   * those writes are skipped (absent detection has one-second resolution, like the punctuation).
   */
  private final java.util.Map<String, Long> recentlySeen = new java.util.HashMap<>();

  /** @param startedAtWall wall-clock time this engine started; silence before it (downtime) does not count */
  public AlertEngine(AlertStore store, RuleSet rules, long staleAfterMs, long startedAtWall) {
    this.startedAtWall = startedAtWall;
    this.store = store;
    this.rules = rules;
    this.staleAfterMs = staleAfterMs;
  }

  public void observe(Observation o, long wallNow, Consumer<AlertEvent> emit) {
    for (AlertRule rule : rules.forSource(RuleEvaluator.ruleSource(o.source()))) {
      if (!RuleEvaluator.applies(rule, o)) {
        continue;
      }
      boolean absentRule = AlertStateMachine.isAbsentRule(rule);
      Double value = RuleEvaluator.value(rule, o);
      if (value == null && !absentRule) {
        continue;
      }
      boolean condition = RuleEvaluator.condition(rule, value);
      if (!condition && !absentRule && !store.tracksRule(rule.getRuleId())) {
        continue; // inactive and staying inactive (no series of this rule is tracked): skip the fingerprint too
      }
      String fp = Fingerprint.of(rule.getRuleId(), o.identity());
      if (absentRule && o.live()) {
        Long seen = recentlySeen.get(fp);
        if (seen != null && wallNow - seen < 1000 && wallNow >= seen) {
          continue;
        }
      }
      AlertState state = store.get(fp);
      if (state == null && !condition && !absentRule) {
        continue; // inactive and staying inactive: nothing to remember
      }
      Step step = AlertStateMachine.observe(state, rule, fp, AlertEvents.alertLabels(rule, o), condition, value,
          o.ts(), wallNow, o.live());
      apply(rule, fp, step, emit);
    }
  }

  /** Wall-clock tick for every tracked series; {@code live} says whether a series is still expected to report. */
  public void tick(long wallNow, Predicate<AlertState> live, Consumer<AlertEvent> emit) {
    for (var kv : store.all()) {
      AlertState state = kv.getValue();
      if (state.lastSeenWall < startedAtWall) {
        // The application was down, not the series: measure silence from our start, so a restart after an outage
        // does not fire every absent rule (or resolve every stale series) before the backlog is read.
        state.lastSeenWall = startedAtWall;
      }
      AlertRule rule = rules.enabled(state.ruleId);
      long stale = rule != null && rule.getSource() == RuleSource.lifecycle ? 0 : staleAfterMs;
      Step step = AlertStateMachine.tick(state, rule, wallNow, stale, live.test(state));
      if (rule == null) {
        // deleted or disabled: resolve with the last labels we knew
        for (Transition t : step.transitions()) {
          emit.accept(AlertEvents.build(placeholder(state), kv.getKey(), state.labels, t));
        }
        store.delete(kv.getKey());
        continue;
      }
      if (step.transitions().isEmpty() && step.next() != null) {
        continue; // nothing happened: do not rewrite every tracked series every second
      }
      apply(rule, kv.getKey(), step, emit);
    }
  }

  private void apply(AlertRule rule, String fp, Step step, Consumer<AlertEvent> emit) {
    if (step.next() == null) {
      store.delete(fp);
      recentlySeen.remove(fp);
    } else {
      store.put(fp, step.next());
      if (AlertStateMachine.isAbsentRule(rule) && step.next().phase == AlertState.Phase.INACTIVE
          && step.transitions().isEmpty()) {
        recentlySeen.put(fp, step.next().lastSeenWall);
      } else {
        recentlySeen.remove(fp);
      }
    }
    for (Transition t : step.transitions()) {
      emit.accept(AlertEvents.build(rule, fp, step.labels(), t));
    }
  }

  /** A rule that no longer exists still needs a name and severity on its resolved event: take them from the labels. */
  private static AlertRule placeholder(AlertState s) {
    return AlertRule.newBuilder()
        .setRuleId(s.ruleId)
        .setName(s.labels.getOrDefault("alertname", s.ruleId))
        .setSource(RuleSource.quality)
        .setMetric("-")
        .setOp(io.vigil.schemas.avro.CompareOp.gt)
        .setThreshold(0)
        .setSeverity(parseSeverity(s.labels.get("severity")))
        .setVersion(0)
        .build();
  }

  private static io.vigil.schemas.avro.Severity parseSeverity(String s) {
    try {
      return s == null ? io.vigil.schemas.avro.Severity.warning : io.vigil.schemas.avro.Severity.valueOf(s);
    } catch (IllegalArgumentException e) {
      return io.vigil.schemas.avro.Severity.warning;
    }
  }
}

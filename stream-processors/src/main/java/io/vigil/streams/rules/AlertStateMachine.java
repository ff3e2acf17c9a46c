package io.vigil.streams.rules;

import io.vigil.schemas.avro.AlertRule;
import io.vigil.schemas.avro.AlertStatus;
import io.vigil.streams.rules.AlertState.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prometheus alerting semantics as a pure function of (state, rule, observation or clock tick): inactive -> pending ->
 * firing after {@code for_s}, held by {@code keep_firing_for_s}, resolved once when the condition clears; absent rules
 * fire when a live series has been silent for {@code absent_for_s}. Returns the next state (null = forget the series)
 * and the transitions to publish. No I/O, so the stream processor, the rule-file test runner and unit tests share it.
 */
public final class AlertStateMachine {
  private AlertStateMachine() {}

  /** Outcome of one step. */
  public record Step(AlertState next, List<Transition> transitions, Map<String, String> labels) {}

  public static boolean isAbsentRule(AlertRule rule) {
    return rule.getAbsentForS() != null && rule.getAbsentForS() > 0;
  }

  /** A sample (or closed window) of the series arrived at event time {@code ts}. */
  public static Step observe(AlertState current, AlertRule rule, String fingerprint, Map<String, String> labels,
                             boolean condition, Double value, long ts, long wallNow, boolean live) {
    AlertState s = current == null ? fresh(rule, fingerprint) : current.copy();
    if (current == null || !current.labels.equals(labels)) {
      s.labels = new java.util.TreeMap<>(labels);
    }
    s.lastSeenTs = Math.max(s.lastSeenTs, ts);
    s.lastSeenWall = wallNow;
    List<Transition> out = new ArrayList<>();
    if (isAbsentRule(rule)) {
      s.lastValue = value;
      if (s.phase == Phase.FIRING) {
        out.add(new Transition(AlertStatus.resolved, s.firedAt, ts, value, ts));
        s.phase = Phase.INACTIVE;
      }
      // A series that is no longer live (stream ended) is not expected to report: stop tracking it.
      return new Step(live ? s : null, out, s.labels);
    }
    s.lastCondition = condition;
    s.lastValue = value;
    return evaluate(s, rule, condition, ts, out);
  }

  /**
   * Wall-clock tick: advances {@code for} and {@code keep_firing_for} timers and absent detection for a series that may
   * have gone silent. {@code rule} is null when the rule was deleted or disabled: its alerts resolve.
   */
  public static Step tick(AlertState current, AlertRule rule, long wallNow, long staleAfterMs, boolean live) {
    List<Transition> out = new ArrayList<>();
    AlertState s = current.copy();
    long silentFor = Math.max(0, wallNow - s.lastSeenWall);
    long now = s.lastSeenTs + silentFor; // the series' event clock, extrapolated while it is silent
    if (rule == null || !rule.getEnabled()) {
      if (s.phase != Phase.INACTIVE) {
        out.add(new Transition(AlertStatus.resolved, startOf(s), now, s.lastValue, now));
      }
      return new Step(null, out, s.labels);
    }
    if (isAbsentRule(rule)) {
      if (!live) {
        if (s.phase == Phase.FIRING) {
          out.add(new Transition(AlertStatus.resolved, s.firedAt, now, null, now));
        }
        return new Step(null, out, s.labels);
      }
      if (s.phase != Phase.FIRING && silentFor >= rule.getAbsentForS() * 1000) {
        s.phase = Phase.FIRING;
        s.firedAt = s.lastSeenTs + rule.getAbsentForS() * 1000;
        s.activeAt = s.firedAt;
        out.add(new Transition(AlertStatus.firing, s.firedAt, null, null, now));
      }
      return new Step(s, out, s.labels);
    }
    boolean stale = staleAfterMs > 0 && silentFor > staleAfterMs;
    // Re-check the last value against the rule as it is now: a changed threshold or operator must take effect at the
    // next tick, not only when the series reports again (a 1 min window series reports once a minute).
    boolean condition = s.lastValue == null ? s.lastCondition : RuleEvaluator.condition(rule, s.lastValue);
    s.lastCondition = condition;
    return evaluate(s, rule, condition && !stale, now, out);
  }

  private static Step evaluate(AlertState s, AlertRule rule, boolean condition, long now, List<Transition> out) {
    long forMs = rule.getForS() * 1000;
    if (condition) {
      s.lastTrueAt = Math.max(s.lastTrueAt, now);
      switch (s.phase) {
        case INACTIVE -> {
          s.activeAt = now;
          if (forMs <= 0) {
            s.phase = Phase.FIRING;
            s.firedAt = now;
            out.add(new Transition(AlertStatus.firing, now, null, s.lastValue, now));
          } else {
            s.phase = Phase.PENDING;
            out.add(new Transition(AlertStatus.pending, now, null, s.lastValue, now));
          }
        }
        case PENDING -> {
          if (now - s.activeAt >= forMs) {
            s.phase = Phase.FIRING;
            s.firedAt = now;
            out.add(new Transition(AlertStatus.firing, now, null, s.lastValue, now));
          }
        }
        case FIRING -> { }
      }
      return new Step(s, out, s.labels);
    }
    switch (s.phase) {
      case INACTIVE -> {
        return new Step(null, out, s.labels);
      }
      case PENDING -> {
        // Prometheus drops a pending alert silently; we publish "resolved" so consumers listing pending alerts clear it.
        out.add(new Transition(AlertStatus.resolved, s.activeAt, now, s.lastValue, now));
        return new Step(null, out, s.labels);
      }
      default -> {
        long keepMs = rule.getKeepFiringForS() * 1000;
        if (keepMs > 0 && now - s.lastTrueAt < keepMs) {
          return new Step(s, out, s.labels);
        }
        out.add(new Transition(AlertStatus.resolved, s.firedAt, now, s.lastValue, now));
        return new Step(null, out, s.labels);
      }
    }
  }

  private static long startOf(AlertState s) {
    return s.phase == Phase.FIRING ? s.firedAt : s.activeAt;
  }

  private static AlertState fresh(AlertRule rule, String fingerprint) {
    AlertState s = new AlertState();
    s.ruleId = rule.getRuleId();
    s.fingerprint = fingerprint;
    return s;
  }
}

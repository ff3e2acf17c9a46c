package io.vigil.streams.rules;

import io.vigil.schemas.avro.AlertEvent;
import io.vigil.schemas.avro.AlertRule;
import io.vigil.schemas.avro.RuleSource;
import io.vigil.streams.emit.AlertEvents;
import io.vigil.streams.rules.AlertStateMachine.Step;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Applies the pure rule state machine to an alert store (fingerprint -> state) for every rule an observation matches,
 * and emits every transition. Shared by the topology (store = Kafka Streams store) and the rule-file test runner.
 */
public final class AlertEngine {
  /**
   * An inactive series of an absent rule reports on every sample, but only its last sighting matters, and only to
   * this engine: after a restart silence is measured from the start anyway. So sightings are kept in memory and the
   * stored state (a changelog record each time) is refreshed at most this often, or every third of absent_for if that
   * is shorter: with tracks reporting every second, one write per ten samples instead of one per sample.
   */
  static final long SIGHTING_PERSIST_MS = 10_000;

  private final AlertStore store;
  private final RuleSet rules;
  private final long staleAfterMs;
  private final long startedAtWall;
  /**
   * Fingerprints of absent-rule series already computed. Such a rule needs the fingerprint of every sample of every
   * live series; SHA-256 over the identity took about 6 % of the stream thread at 28,000 samples/s, hashing the
   * identity map for this lookup a fraction of that. Other rules need one only while a condition holds or a series is
   * tracked. Cleared when it holds {@link #FINGERPRINT_CACHE_MAX} series (about 700 bytes each), so memory stays
   * bounded.
   */
  private final Map<SeriesRule, String> fingerprints = new HashMap<>();
  static final int FINGERPRINT_CACHE_MAX = 50_000;

  private record SeriesRule(String ruleId, Map<String, String> identity) {}

  /**
   * Newest sightings of inactive absent-rule series not yet written to the store. Cleared, not removed, when the state
   * is written: a series is sighted again within a second, and a new entry every 10 s per series was garbage that
   * lived long enough to reach the old generation. Removed with the series' state.
   */
  private final Map<String, Sighting> sightings = new HashMap<>();

  /** When a series was last seen: event time and wall-clock time (MIN_VALUE: not since its state was written). */
  private static final class Sighting {
    long ts = Long.MIN_VALUE;
    long wall = Long.MIN_VALUE;

    void clear() {
      ts = Long.MIN_VALUE;
      wall = Long.MIN_VALUE;
    }
  }

  /** @param startedAtWall wall-clock time this engine started; silence before it (downtime) does not count */
  public AlertEngine(AlertStore store, RuleSet rules, long staleAfterMs, long startedAtWall) {
    this.startedAtWall = startedAtWall;
    this.store = store;
    this.rules = rules;
    this.staleAfterMs = staleAfterMs;
  }

  /**
   * @param wallNow the clock silence is measured on: wall-clock time, which the topology corrects for how far behind
   *     its input it is
   */
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
      String fp = absentRule ? cachedFingerprint(rule.getRuleId(), o.identity())
          : Fingerprint.of(rule.getRuleId(), o.identity());
      AlertState state = store.get(fp);
      if (absentRule && o.live() && state != null && rememberSighting(rule, fp, state, o.ts(), wallNow)) {
        continue;
      }
      if (state == null && !condition && !absentRule) {
        continue; // inactive and staying inactive: nothing to remember
      }
      Step step = AlertStateMachine.observe(state, rule, fp, AlertEvents.alertLabels(rule, o), condition, value,
          o.ts(), wallNow, o.live());
      apply(rule, fp, step, emit);
    }
  }

  /** How many fingerprints the cache holds (for tests). */
  int cachedFingerprints() {
    return fingerprints.size();
  }

  private String cachedFingerprint(String ruleId, Map<String, String> identity) {
    SeriesRule key = new SeriesRule(ruleId, identity);
    String fp = fingerprints.get(key);
    if (fp == null) {
      if (fingerprints.size() >= FINGERPRINT_CACHE_MAX) {
        fingerprints.clear();
      }
      fp = Fingerprint.of(ruleId, identity);
      fingerprints.put(key, fp);
    }
    return fp;
  }

  /**
   * For an inactive series of an absent rule whose stored sighting is recent enough: remembers this one in memory
   * and returns true (nothing else can change). False when the state must be written.
   */
  private boolean rememberSighting(AlertRule rule, String fp, AlertState state, long ts, long wallNow) {
    long persistEvery = Math.min(SIGHTING_PERSIST_MS, rule.getAbsentForS() * 1000L / 3);
    if (state.phase != AlertState.Phase.INACTIVE || wallNow < state.lastSeenWall
        || wallNow - state.lastSeenWall >= persistEvery) {
      return false;
    }
    Sighting seen = sightings.computeIfAbsent(fp, k -> new Sighting());
    seen.ts = Math.max(seen.ts, Math.max(ts, state.lastSeenTs));
    seen.wall = Math.max(seen.wall, wallNow);
    return true;
  }

  /**
   * Wall-clock tick for every tracked series (on the same clock as {@link #observe}); {@code live} says whether a
   * series is still expected to report (asked only where it matters: a series silent for its absent_for, or firing).
   * Transitions are published in fingerprint order.
   */
  public void tick(long wallNow, Predicate<AlertState> live, Consumer<AlertEvent> emit) {
    List<Change> changes = new ArrayList<>();
    for (var kv : store.all()) {
      String fp = kv.getKey();
      AlertState state = kv.getValue(); // the stored object: read here, replaced (never mutated) when it changes
      AlertRule rule = rules.enabled(state.ruleId);
      Sighting sighting = sightings.get(fp);
      long seenWall = Math.max(startedAtWall, Math.max(state.lastSeenWall, sighting == null ? 0 : sighting.wall));
      if (rule != null && AlertStateMachine.isAbsentRule(rule) && state.phase != AlertState.Phase.FIRING
          && wallNow - seenWall < rule.getAbsentForS() * 1000L) {
        continue; // reported recently: nothing can happen yet
      }
      AlertState seen = lastSeen(state, sighting, seenWall);
      long stale = rule != null && rule.getSource() == RuleSource.lifecycle ? 0 : staleAfterMs;
      boolean isLive = rule != null && AlertStateMachine.isAbsentRule(rule) && live.test(state);
      Step step = AlertStateMachine.tick(seen, rule, wallNow, stale, isLive);
      if (rule != null && step.transitions().isEmpty() && step.next() != null) {
        continue; // nothing happened: do not rewrite every tracked series every second
      }
      changes.add(new Change(fp, state, rule, step));
    }
    changes.sort(Comparator.comparing(Change::fingerprint));
    for (Change c : changes) {
      if (c.rule() == null) {
        // deleted or disabled: resolve with the last labels we knew
        for (Transition t : c.step().transitions()) {
          emit.accept(AlertEvents.build(placeholder(c.state()), c.fingerprint(), c.state().labels, t));
        }
        store.delete(c.fingerprint());
        sightings.remove(c.fingerprint());
      } else {
        apply(c.rule(), c.fingerprint(), c.step(), emit);
      }
    }
  }

  private record Change(String fingerprint, AlertState state, AlertRule rule, Step step) {}

  /**
   * The state with its newest sighting (memory or store) and silence measured from {@code seenWall}, which is no
   * earlier than this engine's start: the application was down, not the series, so a restart after an outage does
   * not fire every absent rule (or resolve every stale series) before the backlog is read. The stored object itself is
   * returned when nothing differs.
   */
  private static AlertState lastSeen(AlertState state, Sighting sighting, long seenWall) {
    long ts = Math.max(state.lastSeenTs, sighting == null ? Long.MIN_VALUE : sighting.ts);
    if (seenWall == state.lastSeenWall && ts == state.lastSeenTs) {
      return state;
    }
    AlertState s = state.copy();
    s.lastSeenWall = seenWall;
    s.lastSeenTs = ts;
    return s;
  }

  private void apply(AlertRule rule, String fp, Step step, Consumer<AlertEvent> emit) {
    if (step.next() == null) {
      store.delete(fp);
      sightings.remove(fp);
    } else {
      store.put(fp, step.next());
      Sighting seen = sightings.get(fp);
      if (seen != null) {
        seen.clear(); // the state written here includes it
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

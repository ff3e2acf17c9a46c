package io.vigil.streams.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.schemas.avro.AlertEvent;
import io.vigil.schemas.avro.AlertStatus;
import io.vigil.streams.testing.Samples;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The engine over a store: what absent rules write, what a tick reads, and in which order transitions come out. */
class AlertEngineTest {
  private static final long T0 = 1_700_000_000_000L;

  /** An in-memory store that counts writes (each is a changelog record in the topology). */
  private static final class CountingStore implements AlertStore {
    final AlertStore inner = AlertStore.inMemory();
    int puts;

    public AlertState get(String fp) {
      return inner.get(fp);
    }

    public void put(String fp, AlertState s) {
      puts++;
      inner.put(fp, s);
    }

    public void delete(String fp) {
      inner.delete(fp);
    }

    public Collection<Map.Entry<String, AlertState>> all() {
      return inner.all();
    }
  }

  private static Observation sample(String stream, long ts, boolean live) {
    Map<String, String> id = new TreeMap<>(Map.of("stream_id", stream, "participant_id", "p", "track_id", "mic"));
    return new Observation("quality", id, new TreeMap<>(id), m -> 1.0, ts, live);
  }

  private static List<AlertStatus> statuses(List<AlertEvent> events) {
    return events.stream().map(AlertEvent::getStatus).toList();
  }

  @Test
  void anAbsentRuleWritesASeriesOnceATenSecondsNotOnEverySampleYetFiresFromTheLastSample() {
    CountingStore store = new CountingStore();
    AlertEngine engine = new AlertEngine(store, RuleSet.of(List.of(Samples.absentRule("absent", 60))), 0, T0);
    List<AlertEvent> events = new ArrayList<>();
    for (int s = 0; s < 60; s++) { // one sample a second for a minute, ticking every second as the topology does
      long now = T0 + s * 1000L;
      engine.observe(sample("s1", now, true), now, events::add);
      engine.tick(now, st -> true, events::add);
    }
    assertThat(store.puts).as("one write at first sight, then one per 10 s").isBetween(6, 7);
    long last = T0 + 59_000;
    // The stored sighting is up to 10 s old; silence still counts from the last sample, held in memory.
    engine.tick(last + 59_000, st -> true, events::add);
    assertThat(events).isEmpty();
    engine.tick(last + 60_000, st -> true, events::add);
    assertThat(statuses(events)).containsExactly(AlertStatus.firing);
    assertThat(events.get(0).getStartsAt().toEpochMilli()).isEqualTo(last + 60_000);
  }

  @Test
  void aRestartedEngineMeasuresSilenceFromItsStartNotFromTheStoredSighting() {
    CountingStore store = new CountingStore();
    RuleSet rules = RuleSet.of(List.of(Samples.absentRule("absent", 30)));
    AlertEngine before = new AlertEngine(store, rules, 0, T0);
    before.observe(sample("s1", T0, true), T0, e -> { });
    long restart = T0 + 120_000; // down for two minutes
    AlertEngine after = new AlertEngine(store, rules, 0, restart);
    List<AlertEvent> events = new ArrayList<>();
    after.tick(restart + 29_000, st -> true, events::add);
    assertThat(events).isEmpty();
    after.tick(restart + 30_000, st -> true, events::add);
    assertThat(statuses(events)).containsExactly(AlertStatus.firing);
  }

  @Test
  void aTickWhereNothingHappensNeitherWritesNorAsksWhetherTheSeriesIsLive() {
    CountingStore store = new CountingStore();
    AlertEngine engine = new AlertEngine(store, RuleSet.of(List.of(Samples.absentRule("absent", 30))), 0, T0);
    engine.observe(sample("s1", T0, true), T0, e -> { });
    AlertState stored = store.all().iterator().next().getValue();
    long lastSeen = stored.lastSeenWall;
    int puts = store.puts;
    List<AlertState> asked = new ArrayList<>();
    engine.tick(T0 + 5_000, st -> {
      asked.add(st);
      return true;
    }, e -> { });
    assertThat(asked).isEmpty();
    assertThat(store.puts).isEqualTo(puts);
    assertThat(stored.lastSeenWall).as("the stored state is not modified by a tick").isEqualTo(lastSeen);
  }

  @Test
  void aSeriesThatEndedIsForgottenWithoutFiring() {
    CountingStore store = new CountingStore();
    AlertEngine engine = new AlertEngine(store, RuleSet.of(List.of(Samples.absentRule("absent", 30))), 0, T0);
    engine.observe(sample("s1", T0, true), T0, e -> { });
    List<AlertEvent> events = new ArrayList<>();
    engine.tick(T0 + 31_000, st -> false, events::add);
    assertThat(events).isEmpty();
    assertThat(store.all()).isEmpty();
  }

  @Test
  void transitionsOfOneTickComeOutInFingerprintOrder() {
    AlertStore store = AlertStore.inMemory();
    AlertEngine engine = new AlertEngine(store, RuleSet.of(List.of(Samples.absentRule("absent", 30))), 0, T0);
    for (int i = 0; i < 20; i++) {
      engine.observe(sample("s" + i, T0, true), T0, e -> { });
    }
    List<AlertEvent> events = new ArrayList<>();
    engine.tick(T0 + 30_000, st -> true, events::add);
    assertThat(events).hasSize(20);
    List<String> fingerprints = events.stream().map(AlertEvent::getFingerprint).toList();
    assertThat(fingerprints).isSorted();
  }

  @Test
  void aFiringAbsentSeriesResolvesOnItsNextSample() {
    AlertStore store = AlertStore.inMemory();
    AlertEngine engine = new AlertEngine(store, RuleSet.of(List.of(Samples.absentRule("absent", 30))), 0, T0);
    List<AlertEvent> events = new ArrayList<>();
    engine.observe(sample("s1", T0, true), T0, events::add);
    engine.observe(sample("s1", T0 + 1_000, true), T0 + 1_000, events::add); // kept in memory only
    engine.tick(T0 + 31_000, st -> true, events::add);
    assertThat(statuses(events)).containsExactly(AlertStatus.firing);
    engine.observe(sample("s1", T0 + 40_000, true), T0 + 40_000, events::add);
    assertThat(statuses(events)).containsExactly(AlertStatus.firing, AlertStatus.resolved);
  }

  @Test
  void absentRuleFingerprintsStayRightWhileTheirCacheIsClearedOnceFull() {
    AlertEngine engine = new AlertEngine(AlertStore.inMemory(), RuleSet.of(List.of(Samples.absentRule("absent", 30))), 0, T0);
    Observation first = sample("s-first", T0, true);
    engine.observe(first, T0, e -> { });
    // More series than the cache holds, all sighted in the same second.
    for (int s = 0; s < AlertEngine.FINGERPRINT_CACHE_MAX + 10; s++) {
      engine.observe(sample("s" + s, T0, true), T0, e -> { });
    }
    assertThat(engine.cachedFingerprints()).isLessThanOrEqualTo(AlertEngine.FINGERPRINT_CACHE_MAX);
    List<AlertEvent> events = new ArrayList<>();
    long later = T0 + 5_000;
    engine.observe(sample("s-first", later, true), later, events::add);
    engine.tick(later + 30_000, st -> true, events::add);
    AlertEvent fired = events.stream().filter(e -> e.getLabels().get("stream_id").equals("s-first")).findFirst()
        .orElseThrow();
    assertThat(fired.getFingerprint()).isEqualTo(Fingerprint.of("absent", first.identity()));
  }
}

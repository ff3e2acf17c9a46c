package io.vigil.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.streams.store.ObjectStore;
import io.vigil.streams.window.QualityWindows;
import io.vigil.streams.window.Rollup;
import io.vigil.streams.window.WindowAggregate;
import io.vigil.streams.window.WindowSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Window bookkeeping over an in-memory store: closing order, exactly-once emission, the 10 s -> 1 min rollup. */
class WindowEngineTest {
  private static final List<WindowSpec> SPECS = List.of(WindowSpec.TEN_SECONDS, WindowSpec.ONE_MINUTE);
  private static final Rollup ROLLUP = new Rollup(WindowSpec.TEN_SECONDS, WindowSpec.ONE_MINUTE, QualityWindows::merge);
  private static final Duration GRACE = Duration.ofSeconds(5);
  private static final Map<String, String> SERIES = Map.of("stream_id", "s1");

  /** A store as a sorted map (the engine only needs get/put/delete/keys). */
  private static final class MapStore implements ObjectStore<Object> {
    final TreeMap<String, Object> map = new TreeMap<>();

    public void attach() {}

    public Object get(String key) {
      return map.get(key);
    }

    public void put(String key, Object value) {
      map.put(key, value);
    }

    public void delete(String key) {
      map.remove(key);
    }

    public List<String> keys() {
      return new ArrayList<>(map.keySet());
    }
  }

  private static boolean add(WindowEngine engine, long tsMs, double value) {
    return engine.add(tsMs, tsMs, 0, List.of(SERIES), agg -> {
      agg.count++;
      agg.add("v", value);
    });
  }

  private static List<WindowAggregate> closeAll(WindowEngine engine) {
    List<WindowAggregate> closed = new ArrayList<>();
    engine.closeDue(10 * 60_000, closed::add); // ten minutes of quiet: everything is due
    return closed;
  }

  @Test
  void aTickClosesAtMostItsShareOfDueWindowsOldestFirstAndTheNextTicksTheRest() {
    WindowEngine engine = new WindowEngine(new MapStore(), GRACE, 0, SPECS, ROLLUP);
    for (int s = 0; s < 5; s++) {
      engine.add(1_000, 1_000, 0, List.of(Map.of("stream_id", "s" + s)), agg -> agg.count++);
    }
    Map<String, String> other = Map.of("stream_id", "x");
    engine.add(15_000, 15_000, 0, List.of(other), agg -> agg.count++);
    engine.add(30_000, 30_000, 0, List.of(other), agg -> agg.count++); // stream time 30 s: five [0, 10), one [10, 20) due

    List<WindowAggregate> closed = new ArrayList<>();
    engine.closeDue(0, closed::add, 4);
    assertThat(closed).hasSize(4).allMatch(w -> w.end() == 10_000);
    engine.closeDue(0, closed::add, 4);
    assertThat(closed).hasSize(6);
    assertThat(closed.get(5).end()).isEqualTo(20_000);
    assertThat(add(engine, 9_000, 1.0)).as("a due window's content is final: later samples are late").isFalse();
    engine.closeDue(70_000, closed::add, 4); // quiet for 70 s: [30, 40) and the six 1 min windows are due
    assertThat(closed).hasSize(10);
    engine.closeDue(70_000, closed::add, 4);
    assertThat(closed).hasSize(13);
    assertThat(closed).extracting(w -> w.end()).isSorted();
    assertThat(closed.stream().filter(w -> w.window.equals("1m")).mapToLong(w -> w.count).sum())
        .as("every sample reaches its 1 min window once: seven through the rollup, the late one directly").isEqualTo(8);
    assertThat(closeAll(engine)).isEmpty();
  }

  @Test
  void aRecordStampedAheadOfItsSendingMovesTheStreamTimeOnlyToWhenItWasSent() {
    WindowEngine engine = new WindowEngine(new MapStore(), GRACE, 0, List.of(WindowSpec.TEN_SECONDS));
    Map<String, String> ahead = Map.of("stream_id", "ahead");
    assertThat(engine.add(121_000, 1_000, 0, List.of(ahead), agg -> agg.count++)).isTrue();
    assertThat(engine.streamTime(0)).isEqualTo(1_000);
    assertThat(add(engine, 2_000, 1.0)).as("the other series' window is still open").isTrue();
    List<WindowAggregate> closed = new ArrayList<>();
    engine.closeDue(0, closed::add);
    assertThat(closed).isEmpty();
    assertThat(engine.add(3_000, 9_000, 0, List.of(SERIES), agg -> agg.count++)).as("sent late: event time rules")
        .isTrue();
    assertThat(engine.streamTime(0)).isEqualTo(3_000);
    engine.closeDue(10 * 60_000, closed::add);
    assertThat(closed).extracting(w -> w.dims.get("stream_id")).containsExactly("s1", "ahead");
    assertThat(closed.get(0).count).isEqualTo(2);
    assertThat(closed.get(1).start()).isEqualTo(120_000);
  }

  @Test
  void storeKeysSplitBackIntoEndLabelAndSeries() {
    String key = WindowSpec.storeKey(1_700_000_010_000L, "10s", "{stream_id=s1}");
    assertThat(WindowSpec.endOfKey(key)).isEqualTo(1_700_000_010_000L);
    assertThat(WindowSpec.labelOfKey(key)).isEqualTo("10s");
    assertThat(WindowSpec.seriesOfKey(key)).isEqualTo("{stream_id=s1}");
  }

  @Test
  void seriesKeyIsTheIdentityAsStoreKeysAlwaysSpelledIt() {
    Map<String, String> dims = Map.of("tenant", "default", "stream_id", "s1", "participant_id", "p", "room", "Hall",
        "stream_name", "Town hall", "node_id", "n1", "track_id", "mic", "kind", "audio");
    TreeMap<String, String> identity = new TreeMap<>(dims);
    identity.remove("room");
    identity.remove("stream_name");
    assertThat(WindowEngine.seriesKey(dims)).isEqualTo(identity.toString())
        .isEqualTo("{kind=audio, node_id=n1, participant_id=p, stream_id=s1, tenant=default, track_id=mic}");
    assertThat(WindowEngine.seriesKey(Map.of())).isEqualTo("{}");
  }

  @Test
  void enrichmentArrivingLaterUpdatesTheOpenWindowWithoutSplittingTheSeries() {
    WindowEngine engine = new WindowEngine(new MapStore(), GRACE, 0, List.of(WindowSpec.TEN_SECONDS));
    engine.add(1_000, 1_000, 0, List.of(Map.of("stream_id", "s1")), agg -> agg.count++);
    engine.add(2_000, 2_000, 0, List.of(Map.of("stream_id", "s1", "stream_name", "Town hall")), agg -> agg.count++);
    engine.add(3_000, 3_000, 0, List.of(Map.of("stream_id", "s1")), agg -> agg.count++);
    List<WindowAggregate> closed = closeAll(engine);
    assertThat(closed).hasSize(1);
    assertThat(closed.get(0).count).isEqualTo(3);
    assertThat(closed.get(0).dims).containsEntry("stream_name", "Town hall");
  }

  @Test
  void minuteIsFilledFromItsClosedTenSecondWindowsAndEmittedAfterThem() {
    MapStore store = new MapStore();
    WindowEngine engine = new WindowEngine(store, GRACE, 0, SPECS, ROLLUP);
    for (long t = 0; t < 60_000; t += 4_000) {
      assertThat(add(engine, t, t / 1000.0)).isTrue();
    }
    assertThat(store.keys()).as("samples only touch 10 s windows while those are open")
        .noneMatch(k -> k.contains("|1m|"));

    List<WindowAggregate> closed = closeAll(engine);
    assertThat(closed).extracting(w -> w.window).containsExactly("10s", "10s", "10s", "10s", "10s", "10s", "1m");
    WindowAggregate minute = closed.get(6);
    assertThat(minute.count).isEqualTo(15);
    assertThat(minute.metric("v").min()).isEqualTo(0.0);
    assertThat(minute.metric("v").toStats().getMax()).isEqualTo(56.0);
    assertThat(store.keys()).containsExactly(WindowEngine.CLOCK_KEY, WindowEngine.ROLLUP_KEY);
    assertThat(closeAll(engine)).as("emitted once").isEmpty();
  }

  @Test
  void aSampleTooLateForItsTenSecondsGoesStraightIntoTheMinute() {
    WindowEngine engine = new WindowEngine(new MapStore(), GRACE, 0, SPECS, ROLLUP);
    add(engine, 1_000, 1);
    add(engine, 30_000, 2); // stream time 30 s: [0, 10) is past its grace, the minute is not
    assertThat(add(engine, 2_000, 3)).as("late for 10 s: counted late").isFalse();
    List<WindowAggregate> closed = closeAll(engine);
    WindowAggregate first = closed.stream().filter(w -> w.window.equals("10s") && w.start() == 0).findFirst().orElseThrow();
    WindowAggregate minute = closed.stream().filter(w -> w.window.equals("1m")).findFirst().orElseThrow();
    assertThat(first.count).isEqualTo(1);
    assertThat(minute.count).isEqualTo(3);
  }

  @Test
  void windowsRestoredFromBeforeTheRollupAreNotCountedTwice() {
    // State as the engine without rollup left it: every sample in both the 10 s and the 1 min window, no rollup mark.
    MapStore store = new MapStore();
    WindowEngine old = new WindowEngine(store, GRACE, 0, SPECS);
    add(old, 1_000, 1);
    add(old, 12_000, 2);
    assertThat(store.keys()).anyMatch(k -> k.contains("|1m|"));

    WindowEngine upgraded = new WindowEngine(store, GRACE, 0, SPECS, ROLLUP);
    add(upgraded, 13_000, 3); // joins the restored 10 s window [10, 20): must also reach the minute directly
    add(upgraded, 25_000, 4); // a new 10 s window: reaches the minute when it closes
    List<WindowAggregate> closed = closeAll(upgraded);
    WindowAggregate minute = closed.stream().filter(w -> w.window.equals("1m")).findFirst().orElseThrow();
    assertThat(minute.count).isEqualTo(4);
    assertThat(minute.metric("v").toStats().getAvg()).isEqualTo(2.5);
    assertThat(closed.stream().filter(w -> w.window.equals("10s")).mapToLong(w -> w.count).sum()).isEqualTo(4);

    WindowEngine restarted = new WindowEngine(store, GRACE, 0, SPECS, ROLLUP);
    add(restarted, 61_000, 5);
    assertThat(closeAll(restarted)).extracting(w -> w.count).containsExactly(1L, 1L);
  }

  @Test
  void aSteadySeriesReusesItsWindowObjectsAndEveryEmittedWindowHoldsExactlyItsOwnSamples() {
    MapStore store = new MapStore();
    WindowEngine engine = new WindowEngine(store, GRACE, 0, SPECS, ROLLUP);
    Set<WindowAggregate> objects = Collections.newSetFromMap(new IdentityHashMap<>());
    int[] emitted = new int[1];
    Consumer<WindowAggregate> check = w -> {
      // Every series reports once a second, value = its number + the second: the sum follows from the window alone.
      int series = Integer.parseInt(w.dims.get("stream_id").substring(1));
      long first = w.start() / 1000;
      long last = w.end() / 1000 - 1;
      long n = last - first + 1;
      assertThat(w.count).as("%s %s", w.window, w.start()).isEqualTo(n);
      assertThat(w.metric("v").toStats().getAvg()).isEqualTo(series + (first + last) / 2.0);
      assertThat(w.metric("v").min()).isEqualTo(series + first);
      objects.add(w);
      emitted[0]++;
    };
    for (long t = 0; t < 10 * 60_000; t += 1_000) {
      for (int s = 0; s < 3; s++) {
        double value = s + t / 1000.0;
        engine.add(t, t, 0, List.of(Map.of("stream_id", "s" + s)), agg -> {
          agg.count++;
          agg.add("v", value);
        });
      }
      engine.closeDue(0, check);
    }
    assertThat(emitted[0]).as("3 series x (59 ten-second + 9 one-minute windows)").isEqualTo(3 * (59 + 9));
    assertThat(objects).as("objects behind them: per series three for 10 s (open, in its grace, spare) and one for 1 min")
        .hasSizeLessThanOrEqualTo(3 * 4);
    assertThat(engine.spareWindows()).isPositive();

    engine.closeDue(10 * 60_000, check); // the series stop: a quiet gap closes the rest and drops the spares
    assertThat(emitted[0]).isEqualTo(3 * (60 + 10));
    assertThat(engine.spareWindows()).isZero();
    assertThat(store.keys()).containsExactly(WindowEngine.CLOCK_KEY, WindowEngine.ROLLUP_KEY);
  }

  @Test
  void aSeriesThatStopsLeavesNoSpareBehindWhileOthersGoOn() {
    WindowEngine engine = new WindowEngine(new MapStore(), GRACE, 0, List.of(WindowSpec.TEN_SECONDS));
    for (long t = 0; t < 120_000; t += 1_000) {
      for (String series : t < 60_000 ? List.of("gone", "live") : List.of("live")) {
        engine.add(t, t, 0, List.of(Map.of("stream_id", series)), agg -> agg.count++);
      }
      engine.closeDue(0, w -> { });
      if (t == 59_000) {
        assertThat(engine.spareWindows()).as("both series hold one between a close and the next open").isEqualTo(2);
      }
    }
    assertThat(engine.spareWindows()).as("only the live series' spare, if any").isLessThanOrEqualTo(1);
  }
}

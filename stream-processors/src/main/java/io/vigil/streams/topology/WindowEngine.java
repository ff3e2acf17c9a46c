package io.vigil.streams.topology;

import io.vigil.streams.store.ObjectStore;
import io.vigil.streams.store.WriteBehindStore;
import io.vigil.streams.window.Rollup;
import io.vigil.streams.window.WindowAggregate;
import io.vigil.streams.window.WindowSpec;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Tumbling windows of one task in a write-behind store (keys ordered by window end). The task's stream time is the
 * highest event time seen, extrapolated by wall-clock time while the partition is quiet, so windows close even when no
 * more records arrive. A record moves it no further than when the record was sent, so a source whose clock runs
 * ahead does not close the windows of every other series on its partition early. Open windows live decoded in
 * memory; each changed window is encoded and written (RocksDB + changelog) once per commit, not once per record. A
 * window is deleted from the store in the same transaction that emits it: emitted exactly once. With a {@link Rollup}
 * (quality: 10 s -> 1 min) a sample only updates its fine window; the coarse window receives each fine window when that
 * closes, in the same transaction.
 */
final class WindowEngine {
  static final String CLOCK_KEY = "~clock";
  /** Dimensions that describe a series but do not identify it. */
  private static final List<String> ENRICHMENT = List.of("room", "stream_name");
  /**
   * Marks a store whose coarse windows are filled by {@link Rollup} (they do not yet hold their open fine windows).
   * Its absence in a store with open windows means they were written when every sample updated both.
   */
  static final String ROLLUP_KEY = "~rollup";

  /** Window aggregates, plus the task clock under {@link #CLOCK_KEY} (two longs, as before) and the rollup mark. */
  static final WriteBehindStore.Codec<Object> CODEC = new WriteBehindStore.Codec<>() {
    @Override
    public byte[] encode(String key, Object value) {
      if (value instanceof long[] clock) {
        return ByteBuffer.allocate(16).putLong(clock[0]).putLong(clock[1]).array();
      }
      return value instanceof Boolean ? new byte[] {1} : ((WindowAggregate) value).toBytes();
    }

    @Override
    public Object decode(String key, byte[] bytes) {
      if (CLOCK_KEY.equals(key)) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return new long[] {b.getLong(), b.getLong()};
      }
      return ROLLUP_KEY.equals(key) ? Boolean.TRUE : WindowAggregate.fromBytes(bytes);
    }
  };

  private final ObjectStore<Object> store;
  private final Duration grace;
  private final List<WindowSpec> specs;
  /** Null when every spec's windows are updated by every sample. */
  private final Rollup rollup;
  /**
   * Fine windows restored from a store written before the rollup: their samples are already in their coarse windows,
   * so they keep the old way (samples go to both, nothing is merged at close) until they close.
   */
  private final Set<String> legacyFine = new HashSet<>();
  /** Keys of the open windows in closing order (zero-padded end first). */
  private final TreeSet<String> byEnd = new TreeSet<>();
  /**
   * Emitted windows kept for their series' next window, by the newest open window of that series (which the next one
   * follows). A live series so reuses one window object, with its accumulators, sketch buckets and dimension strings,
   * instead of allocating one every 10 seconds: an open window lives 15 s, longer than a young collection keeps
   * anything, so each new one was promoted to the old generation and died there - tens of megabytes per rollover at
   * 20,000 tracks and a full collection every 20 s. Keyed by identity: no entry object per window. A spare whose
   * window closes before a next one opened (the series went quiet) is dropped.
   */
  private final IdentityHashMap<WindowAggregate, WindowAggregate> spares = new IdentityHashMap<>();
  /**
   * Emitted coarse windows of a {@link Rollup}, by the newest open fine window of their series: the next coarse window
   * opens only when that fine window closes into it.
   */
  private final IdentityHashMap<WindowAggregate, WindowAggregate> coarseSpares = new IdentityHashMap<>();
  private long maxTs = Long.MIN_VALUE;
  private long wallAtMax;

  WindowEngine(ObjectStore<Object> store, Duration grace, long wallNowAtStart, List<WindowSpec> specs) {
    this(store, grace, wallNowAtStart, specs, null);
  }

  /** @param rollup how the coarse spec is filled from the fine one (both must be in {@code specs}), or null */
  WindowEngine(ObjectStore<Object> store, Duration grace, long wallNowAtStart, List<WindowSpec> specs,
               Rollup rollup) {
    this.store = store;
    this.grace = grace;
    this.specs = List.copyOf(specs);
    this.rollup = rollup;
    store.attach();
    boolean rolledUp = store.get(ROLLUP_KEY) != null;
    for (String key : store.keys()) {
      if (CLOCK_KEY.equals(key) || ROLLUP_KEY.equals(key)) {
        continue;
      }
      byEnd.add(key);
      if (rollup != null && !rolledUp && rollup.fine().label().equals(WindowSpec.labelOfKey(key))) {
        legacyFine.add(key);
      }
    }
    if (rollup != null && !rolledUp) {
      store.put(ROLLUP_KEY, Boolean.TRUE); // written with the first commit, in the same transaction as the windows
    }
    if (store.get(CLOCK_KEY) instanceof long[] clock) {
      maxTs = clock[0];
      // Downtime is not quiet time: after a restart the backlog must be processed before the clock extrapolates,
      // otherwise every window still open at shutdown would close before its buffered records arrive.
      wallAtMax = wallNowAtStart;
    }
  }

  /** The task's current stream time (event-time clock, extrapolated by wall-clock while quiet). */
  long streamTime(long wallNow) {
    return maxTs == Long.MIN_VALUE ? Long.MIN_VALUE : maxTs + Math.max(0, wallNow - wallAtMax);
  }

  /**
   * Adds a record to its window in each spec for each series; returns false (and adds nothing) when the record is
   * later than the grace period, because its windows were already emitted.
   *
   * @param ts the record's event time, which places it in its windows
   * @param sentTs when its producer sent it (the Kafka timestamp): the stream time advances to {@code ts}, but to no
   *     later than this. Samples are stamped by the reporting client, whose clock may run minutes ahead (the
   *     collector accepts up to its clock-skew limit); the collector's send time is on a server's clock.
   */
  boolean add(long ts, long sentTs, long wallNow, List<Map<String, String>> series, Consumer<WindowAggregate> adder) {
    long now = streamTime(wallNow);
    boolean late = false;
    String[] seriesKeys = null;
    for (WindowSpec spec : specs) {
      long end = spec.endOf(ts);
      if (now != Long.MIN_VALUE && WindowSpec.closed(end, now, grace)) {
        late = true;
        continue;
      }
      if (seriesKeys == null) {
        seriesKeys = new String[series.size()];
        for (int i = 0; i < seriesKeys.length; i++) {
          seriesKeys[i] = seriesKey(series.get(i));
        }
      }
      for (int i = 0; i < seriesKeys.length; i++) {
        if (reachesViaFine(spec, ts, now, seriesKeys[i])) {
          continue; // the sample joins this coarse window when its (still open) fine window closes
        }
        Map<String, String> dims = series.get(i);
        String key = WindowSpec.storeKey(end, spec.label(), seriesKeys[i]);
        WindowAggregate agg = (WindowAggregate) store.get(key);
        if (agg == null) {
          agg = open(key, seriesKeys[i], spec, end, dims, null);
        } else {
          enrich(agg, dims);
        }
        adder.accept(agg);
        store.put(key, agg); // encoded and written at the next commit
      }
    }
    long clockTs = Math.min(ts, sentTs);
    if (clockTs > maxTs) {
      maxTs = clockTs;
      wallAtMax = wallNow;
      store.put(CLOCK_KEY, new long[] {maxTs, wallAtMax});
    }
    return !late;
  }

  /**
   * Windows closed per tick at most. Tumbling windows of every series end together, so at a minute boundary a task of
   * 20,000 tracks has thousands of 10 s and 1 min windows due at once; closing them in one punctuation held the
   * stream thread (and every alert behind it) for about a second. The rest close at the next ticks, a second apart:
   * their content is already final (a later sample counts as late), only their emission waits.
   */
  static final int MAX_CLOSE_PER_TICK = 2_000;

  /**
   * Emits and removes the windows whose end plus grace has passed, oldest first, at most {@link #MAX_CLOSE_PER_TICK}.
   * A window handed to {@code onClose} is reused for a later window of its series once the call returns: read it
   * there, do not keep it.
   */
  void closeDue(long wallNow, Consumer<WindowAggregate> onClose) {
    closeDue(wallNow, onClose, MAX_CLOSE_PER_TICK);
  }

  void closeDue(long wallNow, Consumer<WindowAggregate> onClose, int max) {
    long now = streamTime(wallNow);
    if (now == Long.MIN_VALUE) {
      return;
    }
    int closed = 0;
    while (!byEnd.isEmpty() && closed < max) {
      String key = byEnd.first();
      if (!WindowSpec.closed(WindowSpec.endOfKey(key), now, grace)) {
        break; // keys are ordered by window end
      }
      byEnd.pollFirst();
      WindowAggregate agg = (WindowAggregate) store.get(key);
      store.delete(key);
      if (agg == null) {
        continue;
      }
      closed++;
      onClose.accept(agg);
      WindowAggregate coarseSpare = coarseSpares.remove(agg);
      if (rollup != null && rollup.fine().label().equals(agg.window) && !legacyFine.remove(key)) {
        rollUp(key, agg, coarseSpare);
      }
      keepAsSpare(key, agg);
    }
  }

  /**
   * A new open window under {@code key}: the spare its series' previous window holds (or {@code spare}), made empty,
   * or a new one.
   */
  private WindowAggregate open(String key, String series, WindowSpec spec, long end, Map<String, String> dims,
                               WindowAggregate spare) {
    long start = end - spec.sizeMs();
    WindowAggregate previous = (WindowAggregate) store.get(WindowSpec.storeKey(start, spec.label(), series));
    WindowAggregate agg = previous == null ? null : spares.remove(previous);
    if (agg == null) {
      agg = spare;
    }
    if (agg == null) {
      agg = new WindowAggregate(start, end, spec.label(), dims);
    } else {
      agg.reopen(start, end, dims);
    }
    byEnd.add(key);
    return agg;
  }

  /** Hands an emitted window to the newest open window of its series, for the one after that. */
  private void keepAsSpare(String key, WindowAggregate emitted) {
    spares.remove(emitted); // what it held for a next window that never opened
    String series = WindowSpec.seriesOfKey(key);
    WindowAggregate newest = newestOpen(series, emitted.window, emitted.end());
    if (newest != null) {
      spares.putIfAbsent(newest, emitted);
    } else if (rollup != null && rollup.coarse().label().equals(emitted.window)) {
      WindowAggregate fine = newestOpen(series, rollup.fine().label(), emitted.end());
      if (fine != null) {
        coarseSpares.putIfAbsent(fine, emitted);
      }
    }
  }

  /** The newest open window of this label and series among those after {@code end}, in an unbroken run, or null. */
  private WindowAggregate newestOpen(String series, String label, long end) {
    long size = sizeOf(label);
    WindowAggregate newest = null;
    for (long next = end + size; ; next += size) {
      WindowAggregate open = (WindowAggregate) store.get(WindowSpec.storeKey(next, label, series));
      if (open == null) {
        return newest;
      }
      newest = open;
    }
  }

  private long sizeOf(String label) {
    for (WindowSpec spec : specs) {
      if (spec.label().equals(label)) {
        return spec.sizeMs();
      }
    }
    throw new IllegalStateException("no window spec labelled " + label);
  }

  /** Spare windows held (for tests). */
  int spareWindows() {
    return spares.size() + coarseSpares.size();
  }

  /**
   * Whether a sample reaches this (coarse) window through its fine window rather than directly: yes while that fine
   * window is open, unless it was restored from before the rollup. A sample too late for its fine window but not for
   * the coarse one goes straight into the coarse window, as before.
   */
  private boolean reachesViaFine(WindowSpec spec, long ts, long now, String seriesKey) {
    if (rollup == null || !spec.equals(rollup.coarse())) {
      return false;
    }
    long fineEnd = rollup.fine().endOf(ts);
    if (now != Long.MIN_VALUE && WindowSpec.closed(fineEnd, now, grace)) {
      return false;
    }
    return legacyFine.isEmpty() || !legacyFine.contains(WindowSpec.storeKey(fineEnd, rollup.fine().label(), seriesKey));
  }

  /**
   * Folds a closed fine window into its coarse window. Keys with the same end close fine before coarse ("10s" sorts
   * before "1m"), and a coarse window ends no earlier than its fine windows, so the coarse window is still open here.
   */
  private void rollUp(String fineKey, WindowAggregate fine, WindowAggregate coarseSpare) {
    long end = rollup.coarseEnd(fine.end());
    String series = WindowSpec.seriesOfKey(fineKey);
    String key = WindowSpec.storeKey(end, rollup.coarse().label(), series);
    WindowAggregate coarse = (WindowAggregate) store.get(key);
    if (coarse == null) {
      coarse = open(key, series, rollup.coarse(), end, fine.dims, coarseSpare);
    } else {
      enrich(coarse, fine.dims);
    }
    rollup.merge().accept(coarse, fine);
    store.put(key, coarse);
  }

  /**
   * Enrichment (stream name, room) may arrive after a window opened: the latest known value wins, a missing one
   * removes nothing. The other dimensions are the series identity, equal for every record of the window's key.
   */
  private static void enrich(WindowAggregate agg, Map<String, String> dims) {
    for (String k : ENRICHMENT) {
      String v = dims.get(k);
      if (v != null && !v.equals(agg.dims.get(k))) {
        agg.setDim(k, v);
      }
    }
  }

  /**
   * The series part of a store key: the identity dimensions (without enrichment, which must not split a series into
   * two windows) in key order, written as {@code TreeMap.toString()} always wrote them: "{k1=v1, k2=v2}".
   */
  static String seriesKey(Map<String, String> dims) {
    String[] keys = new String[dims.size()];
    int n = 0;
    for (String k : dims.keySet()) {
      if (!ENRICHMENT.contains(k)) {
        keys[n++] = k;
      }
    }
    Arrays.sort(keys, 0, n);
    StringBuilder b = new StringBuilder(96).append('{');
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        b.append(", ");
      }
      b.append(keys[i]).append('=').append(dims.get(keys[i]));
    }
    return b.append('}').toString();
  }
}

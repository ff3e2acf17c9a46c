package io.vigil.streams.topology;

import io.vigil.streams.store.WriteBehindStore;
import io.vigil.streams.window.WindowAggregate;
import io.vigil.streams.window.WindowSpec;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Tumbling windows of one task in a write-behind store (keys ordered by window end). The task's stream time is the
 * highest event time seen, extrapolated by wall-clock time while the partition is quiet, so windows close even when no
 * more records arrive. Open windows live decoded in memory; each changed window is encoded and written (RocksDB +
 * changelog) once per commit, not once per record. A window is deleted from the store in the same transaction that
 * emits it: emitted exactly once.
 */
final class WindowEngine {
  static final String CLOCK_KEY = "~clock";

  /** Window aggregates, plus the task clock under {@link #CLOCK_KEY} (two longs, as before). */
  static final WriteBehindStore.Codec<Object> CODEC = new WriteBehindStore.Codec<>() {
    @Override
    public byte[] encode(String key, Object value) {
      return value instanceof long[] clock
          ? ByteBuffer.allocate(16).putLong(clock[0]).putLong(clock[1]).array()
          : ((WindowAggregate) value).toBytes();
    }

    @Override
    public Object decode(String key, byte[] bytes) {
      if (CLOCK_KEY.equals(key)) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return new long[] {b.getLong(), b.getLong()};
      }
      return WindowAggregate.fromBytes(bytes);
    }
  };

  private final WriteBehindStore<Object> store;
  private final Duration grace;
  /** Keys of the open windows in closing order (zero-padded end first). */
  private final TreeSet<String> byEnd = new TreeSet<>();
  private long maxTs = Long.MIN_VALUE;
  private long wallAtMax;

  WindowEngine(WriteBehindStore<Object> store, Duration grace, long wallNowAtStart) {
    this.store = store;
    this.grace = grace;
    store.attach();
    for (String key : store.keys()) {
      if (!CLOCK_KEY.equals(key)) {
        byEnd.add(key);
      }
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
   */
  boolean add(long ts, long wallNow, List<WindowSpec> specs, List<Map<String, String>> series,
              Consumer<WindowAggregate> adder) {
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
        Map<String, String> dims = series.get(i);
        String key = WindowSpec.storeKey(end, spec.label(), seriesKeys[i]);
        WindowAggregate agg = (WindowAggregate) store.get(key);
        if (agg == null) {
          agg = new WindowAggregate(end - spec.sizeMs(), end, spec.label(), dims);
          byEnd.add(key);
        } else if (!agg.dims.equals(dims)) {
          agg.dims.putAll(dims); // enrichment (stream name, room) may arrive after the window opened
        }
        adder.accept(agg);
        store.put(key, agg); // encoded and written at the next commit
      }
    }
    if (ts > maxTs) {
      maxTs = ts;
      wallAtMax = wallNow;
      store.put(CLOCK_KEY, new long[] {maxTs, wallAtMax});
    }
    return !late;
  }

  /** Emits and removes every window whose end plus grace has passed. */
  void closeDue(long wallNow, Consumer<WindowAggregate> onClose) {
    long now = streamTime(wallNow);
    if (now == Long.MIN_VALUE) {
      return;
    }
    while (!byEnd.isEmpty()) {
      String key = byEnd.first();
      if (!WindowSpec.closed(WindowSpec.endOfKey(key), now, grace)) {
        break; // keys are ordered by window end
      }
      byEnd.pollFirst();
      WindowAggregate agg = (WindowAggregate) store.get(key);
      store.delete(key);
      if (agg != null) {
        onClose.accept(agg);
      }
    }
  }

  private static String seriesKey(Map<String, String> dims) {
    // identity only: enrichment fields must not split a series into two windows
    Map<String, String> id = new TreeMap<>(dims);
    id.remove("room");
    id.remove("stream_name");
    return id.toString();
  }
}

package io.vigil.streams.topology;

import io.vigil.streams.window.WindowAggregate;
import io.vigil.streams.window.WindowSpec;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Tumbling windows of one task in a key-value store (keys ordered by window end). The task's stream time is the highest
 * event time seen, extrapolated by wall-clock time while the partition is quiet, so windows close even when no more
 * records arrive. A window is removed from the store in the same transaction that emits it: emitted exactly once.
 */
final class WindowEngine {
  private static final String CLOCK_KEY = "~clock";
  private static final String LAST_KEY = "9999999999999";

  private final KeyValueStore<String, byte[]> store;
  private final Duration grace;
  /** Decoded open windows, so a sample costs one encode instead of a decode and an encode; the store stays the truth. */
  private final Map<String, WindowAggregate> open = new java.util.HashMap<>();
  private long maxTs = Long.MIN_VALUE;
  private long wallAtMax;

  WindowEngine(KeyValueStore<String, byte[]> store, Duration grace, long wallNowAtStart) {
    this.store = store;
    this.grace = grace;
    byte[] clock = store.get(CLOCK_KEY);
    if (clock != null) {
      ByteBuffer b = ByteBuffer.wrap(clock);
      maxTs = b.getLong();
      b.getLong();
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
    for (WindowSpec spec : specs) {
      long end = spec.endOf(ts);
      if (now != Long.MIN_VALUE && WindowSpec.closed(end, now, grace)) {
        late = true;
        continue;
      }
      for (Map<String, String> dims : series) {
        String key = WindowSpec.storeKey(end, spec.label(), seriesKey(dims));
        WindowAggregate agg = open.get(key);
        if (agg == null) {
          byte[] current = store.get(key);
          agg = current == null
              ? new WindowAggregate(end - spec.sizeMs(), end, spec.label(), dims)
              : WindowAggregate.fromBytes(current);
          open.put(key, agg);
        } else if (!agg.dims.equals(dims)) {
          agg.dims.putAll(dims); // enrichment (stream name, room) may arrive after the window opened
        }
        adder.accept(agg);
        store.put(key, agg.toBytes());
      }
    }
    if (ts > maxTs) {
      maxTs = ts;
      wallAtMax = wallNow;
      store.put(CLOCK_KEY, ByteBuffer.allocate(16).putLong(maxTs).putLong(wallAtMax).array());
    }
    return !late;
  }

  /** Emits and removes every window whose end plus grace has passed. */
  void closeDue(long wallNow, Consumer<WindowAggregate> onClose) {
    long now = streamTime(wallNow);
    if (now == Long.MIN_VALUE) {
      return;
    }
    List<KeyValue<String, byte[]>> due = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = store.range("0", LAST_KEY)) {
      while (it.hasNext()) {
        var kv = it.next();
        if (!WindowSpec.closed(WindowSpec.endOfKey(kv.key), now, grace)) {
          break; // keys are ordered by window end
        }
        due.add(kv);
      }
    }
    for (var kv : due) {
      store.delete(kv.key);
      open.remove(kv.key);
      onClose.accept(WindowAggregate.fromBytes(kv.value));
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

package io.vigil.streams.window;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The running state of one open window for one series: dimensions, count, per-metric accumulators, counters. Every
 * open window of every live series is one of these in the heap, so metrics and counters are kept in small arrays
 * rather than maps.
 */
public final class WindowAggregate {
  private long start;
  private long end;
  public final String window;
  /**
   * Identity and enrichment fields (stream_id, participant_id, node_id, room, ...), sorted so keys are stable.
   * Read-only: change one with {@link #setDim}.
   */
  public final Map<String, String> dims;
  private final SortedDims sortedDims;
  /**
   * start, end, window and dims as the store format encodes them, kept from the last encoding: they rarely change
   * while every sample changes the rest, and re-encoding ten strings per window per commit was a sixth of the encoding.
   */
  private byte[] encodedHead;
  public long count;
  /** Metric accumulators in the order the metrics first had a value (the store format keeps that order). */
  private String[] metricNames = NO_NAMES;
  private MetricAccumulator[] metricValues = NO_METRICS;
  private int metricCount;
  /** Summed (or max-ed, see caller) integer counters such as packets_lost, sorted by name. */
  private String[] counterNames = NO_NAMES;
  private long[] counterValues = NO_LONGS;
  private int counterCount;
  public String lastStatus;
  public long lastTs;
  /**
   * First/last point and increase of the series (metric windows only; null elsewhere). Appended to the store format
   * only when present, so quality and health windows keep their exact bytes.
   */
  public CounterRate counter;

  private static final byte COUNTER_MARK = 1;
  /**
   * First byte of the version-2 store format. Version 1 began with the window start as a big-endian long, whose first
   * byte is 0 for any time before the year 2.2 million, so the two never meet.
   */
  static final byte FORMAT_V2 = 'V';
  private static final String[] NO_NAMES = new String[0];
  private static final MetricAccumulator[] NO_METRICS = new MetricAccumulator[0];
  private static final long[] NO_LONGS = new long[0];

  public WindowAggregate(long start, long end, String window, Map<String, String> dims) {
    this.start = start;
    this.end = end;
    this.window = window;
    this.sortedDims = new SortedDims(dims);
    this.dims = sortedDims;
  }

  public long start() {
    return start;
  }

  public long end() {
    return end;
  }

  /**
   * Makes this (emitted) window an empty one for another time range, as if newly constructed, keeping the memory it
   * already has: its metric accumulators and their sketch buckets, and its dimensions when they are the same. So a
   * series can run on one window object instead of a new one per window, which lived long enough to be promoted.
   */
  public void reopen(long start, long end, Map<String, String> dims) {
    this.start = start;
    this.end = end;
    if (!sortedDims.sameAs(dims)) {
      sortedDims.replace(dims);
      encodedHead = null;
    } else if (encodedHead != null) {
      ByteBuffer.wrap(encodedHead).putLong(1, start).putLong(9, end); // the head's only change
    }
    count = 0;
    metricCount = 0; // the accumulators stay in their slots, to be reset when a metric takes the slot again
    counterCount = 0;
    lastStatus = null;
    lastTs = 0;
    counter = null;
  }

  /** Sets one dimension (enrichment arriving after the window opened). */
  public void setDim(String key, String value) {
    sortedDims.set(key, value);
    encodedHead = null;
  }

  /**
   * Adds a value to the metric's accumulator. An unknown value (null, NaN) is not zero and leaves the window as it
   * was: no empty accumulator is created, so a metric a series never reports costs nothing to store at each commit.
   */
  public void add(String metric, Double value) {
    if (value == null || value.isNaN()) {
      return;
    }
    accumulator(metric).add(value);
  }

  /** Folds another window's metrics into this one (same values as if its samples had been added here). */
  public void mergeMetrics(WindowAggregate other) {
    for (int i = 0; i < other.metricCount; i++) {
      accumulator(other.metricNames[i]).merge(other.metricValues[i]);
    }
  }

  /** Adds every counter of {@code other} to this window's (summed). */
  public void sumCounters(WindowAggregate other) {
    for (int i = 0; i < other.counterCount; i++) {
      sum(other.counterNames[i], other.counterValues[i]);
    }
  }

  private int metricIndex(String name) {
    for (int i = 0; i < metricCount; i++) {
      if (metricNames[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private MetricAccumulator accumulator(String metric) {
    int i = metricIndex(metric);
    if (i >= 0) {
      return metricValues[i];
    }
    if (metricCount == metricNames.length) {
      int grown = Math.max(4, metricCount * 2);
      metricNames = Arrays.copyOf(metricNames, grown);
      metricValues = Arrays.copyOf(metricValues, grown);
    }
    MetricAccumulator m = metricValues[metricCount];
    if (m == null) {
      m = new MetricAccumulator();
    } else {
      m.reset(); // left by an earlier window (see reopen)
    }
    metricNames[metricCount] = metric;
    metricValues[metricCount] = m;
    metricCount++;
    return m;
  }

  public void sum(String counter, Long value) {
    if (value != null) {
      int i = counterSlot(counter);
      counterValues[i] = counterValues[i] + value;
    }
  }

  public void max(String counter, Long value) {
    if (value != null) {
      int i = counterIndex(counter);
      if (i >= 0) {
        counterValues[i] = Math.max(counterValues[i], value);
      } else {
        int slot = counterSlot(counter); // first: it may replace counterValues with a larger array
        counterValues[slot] = value;
      }
    }
  }

  private int counterIndex(String name) {
    return Arrays.binarySearch(counterNames, 0, counterCount, name);
  }

  /** The counter's index, inserting it (value 0, at its place in name order) when missing. */
  private int counterSlot(String name) {
    int i = counterIndex(name);
    if (i >= 0) {
      return i;
    }
    int at = -i - 1;
    if (counterCount == counterNames.length) {
      int grown = Math.max(2, counterCount * 2);
      counterNames = Arrays.copyOf(counterNames, grown);
      counterValues = Arrays.copyOf(counterValues, grown);
    }
    System.arraycopy(counterNames, at, counterNames, at + 1, counterCount - at);
    System.arraycopy(counterValues, at, counterValues, at + 1, counterCount - at);
    counterNames[at] = name;
    counterValues[at] = 0;
    counterCount++;
    return at;
  }

  /** The counter's value, or null when it never had one in this window. */
  public Long counter(String name) {
    int i = counterIndex(name);
    return i >= 0 ? counterValues[i] : null;
  }

  /** The counters by name (a copy, sorted). */
  public Map<String, Long> counters() {
    Map<String, Long> out = new TreeMap<>();
    for (int i = 0; i < counterCount; i++) {
      out.put(counterNames[i], counterValues[i]);
    }
    return out;
  }

  public MetricAccumulator metric(String name) {
    int i = metricIndex(name);
    return i >= 0 ? metricValues[i] : null;
  }

  /** The metrics that had a value, in the order they first had one (a copy). */
  public Map<String, MetricAccumulator> metrics() {
    Map<String, MetricAccumulator> out = new LinkedHashMap<>();
    for (int i = 0; i < metricCount; i++) {
      out.put(metricNames[i], metricValues[i]);
    }
    return out;
  }

  /**
   * Per-thread encoding buffer, grown on overflow: every changed window is encoded at every commit, so sizing each
   * one exactly first would walk every map twice.
   */
  private static final ThreadLocal<ByteBuffer[]> SCRATCH = ThreadLocal.withInitial(() -> new ByteBuffer[] {
      ByteBuffer.allocate(4096)});

  /**
   * The store format, version 2: the marker byte, then version 1's layout (DataOutput-compatible: big-endian numbers,
   * modified UTF-8 strings) except that sketch bucket counts are unsigned varints. Most buckets of a sketch hold 0 or
   * a few samples, and a metric whose values span orders of magnitude (loss 0.001-0.4 %) has a hundred buckets or
   * more: eight bytes each made version 1 mostly zeros, and every window is written to the changelog (and compacted
   * there) at every commit. Written in one pass: this runs for every changed window at every commit.
   */
  public byte[] toBytes() {
    ByteBuffer[] scratch = SCRATCH.get();
    while (true) {
      ByteBuffer out = scratch[0];
      out.clear();
      try {
        write(out);
        return Arrays.copyOf(out.array(), out.position());
      } catch (java.nio.BufferOverflowException e) {
        scratch[0] = ByteBuffer.allocate(out.capacity() * 2);
      }
    }
  }

  private void write(ByteBuffer out) {
    if (encodedHead != null) {
      out.put(encodedHead);
    } else {
      int at = out.position();
      out.put(FORMAT_V2);
      out.putLong(start);
      out.putLong(end);
      putUtf(out, window);
      out.putInt(dims.size());
      for (var e : dims.entrySet()) {
        putUtf(out, e.getKey());
        putUtf(out, e.getValue());
      }
      encodedHead = Arrays.copyOfRange(out.array(), at, out.position());
    }
    out.putLong(count);
    out.putInt(metricCount);
    for (int i = 0; i < metricCount; i++) {
      putUtf(out, metricNames[i]);
      metricValues[i].write(out);
    }
    out.putInt(counterCount);
    for (int i = 0; i < counterCount; i++) {
      putUtf(out, counterNames[i]);
      out.putLong(counterValues[i]);
    }
    out.put((byte) (lastStatus != null ? 1 : 0));
    if (lastStatus != null) {
      putUtf(out, lastStatus);
    }
    out.putLong(lastTs);
    if (counter != null) {
      out.put(COUNTER_MARK);
      counter.write(out);
    }
  }

  /** Same bytes as {@link DataOutput#writeUTF}: the length is written after the characters, in the slot kept for it. */
  static void putUtf(ByteBuffer out, String s) {
    if (s.length() > 65535) {
      throw new IllegalArgumentException("string too long for the store format: " + s.length() + " characters");
    }
    int at = out.position();
    out.position(at + 2);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x0001 && c <= 0x007F) {
        out.put((byte) c);
      } else if (c <= 0x07FF) {
        out.put((byte) (0xC0 | ((c >> 6) & 0x1F)));
        out.put((byte) (0x80 | (c & 0x3F)));
      } else {
        out.put((byte) (0xE0 | ((c >> 12) & 0x0F)));
        out.put((byte) (0x80 | ((c >> 6) & 0x3F)));
        out.put((byte) (0x80 | (c & 0x3F)));
      }
    }
    int len = out.position() - at - 2;
    if (len > 65535) {
      throw new IllegalArgumentException("string too long for the store format: " + len + " bytes");
    }
    out.putShort(at, (short) len);
  }

  /** Reads either version (changelogs written by earlier releases hold version 1). */
  public static WindowAggregate fromBytes(byte[] data) {
    try {
      boolean v2 = data.length > 0 && data[0] == FORMAT_V2;
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, v2 ? 1 : 0, data.length));
      long start = in.readLong();
      long end = in.readLong();
      String window = in.readUTF();
      WindowAggregate a = new WindowAggregate(start, end, window, readStrings(in));
      a.count = in.readLong();
      int n = in.readInt();
      a.metricNames = new String[n];
      a.metricValues = new MetricAccumulator[n];
      for (int i = 0; i < n; i++) {
        a.metricNames[i] = in.readUTF();
        a.metricValues[i] = MetricAccumulator.read(in, v2);
      }
      a.metricCount = n;
      n = in.readInt();
      for (int i = 0; i < n; i++) {
        a.sum(in.readUTF(), in.readLong());
      }
      if (in.readBoolean()) {
        a.lastStatus = in.readUTF();
      }
      a.lastTs = in.readLong();
      if (in.available() > 0 && in.readByte() == COUNTER_MARK) {
        byte[] rest = new byte[CounterRate.ENCODED_SIZE];
        in.readFully(rest);
        a.counter = CounterRate.read(ByteBuffer.wrap(rest));
      }
      return a;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, String> readStrings(DataInputStream in) throws IOException {
    Map<String, String> map = new TreeMap<>();
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      map.put(in.readUTF(), in.readUTF());
    }
    return map;
  }
}

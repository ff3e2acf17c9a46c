package io.vigil.streams.window;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** The running state of one open window for one series: dimensions, count, per-metric accumulators, counters. */
public final class WindowAggregate {
  public final long start;
  public final long end;
  public final String window;
  /** Identity and enrichment fields (stream_id, participant_id, node_id, room, ...). Sorted so keys are stable. */
  public final Map<String, String> dims;
  public long count;
  public final Map<String, MetricAccumulator> metrics = new LinkedHashMap<>();
  /** Summed (or max-ed, see caller) integer counters such as packets_lost. */
  public final Map<String, Long> counters = new TreeMap<>();
  public String lastStatus;
  public long lastTs;

  public WindowAggregate(long start, long end, String window, Map<String, String> dims) {
    this.start = start;
    this.end = end;
    this.window = window;
    this.dims = new TreeMap<>(dims);
  }

  public void add(String metric, Double value) {
    metrics.computeIfAbsent(metric, m -> new MetricAccumulator()).add(value);
  }

  public void sum(String counter, Long value) {
    if (value != null) {
      counters.merge(counter, value, Long::sum);
    }
  }

  public void max(String counter, Long value) {
    if (value != null) {
      counters.merge(counter, value, Math::max);
    }
  }

  public MetricAccumulator metric(String name) {
    return metrics.get(name);
  }

  public byte[] toBytes() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024); // sized so a typical window never regrows
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeLong(start);
      out.writeLong(end);
      out.writeUTF(window);
      writeStrings(out, dims);
      out.writeLong(count);
      out.writeInt(metrics.size());
      for (var e : metrics.entrySet()) {
        out.writeUTF(e.getKey());
        e.getValue().write(out);
      }
      out.writeInt(counters.size());
      for (var e : counters.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeLong(e.getValue());
      }
      out.writeBoolean(lastStatus != null);
      if (lastStatus != null) {
        out.writeUTF(lastStatus);
      }
      out.writeLong(lastTs);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static WindowAggregate fromBytes(byte[] data) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
      long start = in.readLong();
      long end = in.readLong();
      String window = in.readUTF();
      WindowAggregate a = new WindowAggregate(start, end, window, readStrings(in));
      a.count = in.readLong();
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        a.metrics.put(in.readUTF(), MetricAccumulator.read(in));
      }
      n = in.readInt();
      for (int i = 0; i < n; i++) {
        a.counters.put(in.readUTF(), in.readLong());
      }
      if (in.readBoolean()) {
        a.lastStatus = in.readUTF();
      }
      a.lastTs = in.readLong();
      return a;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void writeStrings(DataOutputStream out, Map<String, String> map) throws IOException {
    out.writeInt(map.size());
    for (var e : map.entrySet()) {
      out.writeUTF(e.getKey());
      out.writeUTF(e.getValue());
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

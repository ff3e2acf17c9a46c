package io.vigil.streams.window;

import io.vigil.schemas.avro.Stats;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** count/min/avg/max exactly and p95 from a {@link QuantileSketch}, for one metric in one window. */
public final class MetricAccumulator {
  private long count;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private double sum;
  private QuantileSketch sketch = new QuantileSketch();

  public void add(Double value) {
    if (value == null || value.isNaN()) {
      return; // unknown is not zero
    }
    count++;
    min = Math.min(min, value);
    max = Math.max(max, value);
    sum += value;
    sketch.add(value);
  }

  /** Empties the accumulator for another window, keeping its sketch's memory. */
  void reset() {
    count = 0;
    min = Double.POSITIVE_INFINITY;
    max = Double.NEGATIVE_INFINITY;
    sum = 0;
    sketch.reset();
  }

  /** Adds everything {@code other} accumulated (count, min, max, sum exactly; the sketch bucket by bucket). */
  public void merge(MetricAccumulator other) {
    if (other.count == 0) {
      return;
    }
    count += other.count;
    min = Math.min(min, other.min);
    max = Math.max(max, other.max);
    sum += other.sum;
    sketch.merge(other.sketch);
  }

  public long count() {
    return count;
  }

  /** The Avro stats, or null when the metric never had a value in this window. */
  public Stats toStats() {
    if (count == 0) {
      return null;
    }
    double p95 = Math.max(min, Math.min(max, sketch.quantile(0.95)));
    return new Stats(count, min, sum / count, max, p95);
  }

  public Double avg() {
    return count == 0 ? null : sum / count;
  }

  public Double min() {
    return count == 0 ? null : min;
  }

  /** Store format version 2 (see {@link WindowAggregate#toBytes}). */
  void write(java.nio.ByteBuffer out) {
    out.putLong(count);
    out.putDouble(min);
    out.putDouble(max);
    out.putDouble(sum);
    sketch.write(out);
  }

  /** Store format version 1, as earlier releases wrote it (tests check that such changelogs still restore). */
  void write(DataOutput out) throws IOException {
    out.writeLong(count);
    out.writeDouble(min);
    out.writeDouble(max);
    out.writeDouble(sum);
    sketch.write(out);
  }

  static MetricAccumulator read(DataInput in, boolean v2) throws IOException {
    MetricAccumulator m = new MetricAccumulator();
    m.count = in.readLong();
    m.min = in.readDouble();
    m.max = in.readDouble();
    m.sum = in.readDouble();
    m.sketch = QuantileSketch.read(in, v2);
    return m;
  }
}

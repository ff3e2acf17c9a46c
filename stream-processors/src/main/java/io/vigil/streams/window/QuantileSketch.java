package io.vigil.streams.window;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * A fixed-size log-bucket sketch (DDSketch-style) for p95: values map to buckets with 2 % relative error, the bucket
 * array has a hard size bound, so memory per window never grows with the number of samples.
 */
public final class QuantileSketch {
  /** Relative accuracy: the quantile estimate is within 2 % of a real sample value. */
  static final double ALPHA = 0.02;
  private static final double GAMMA = (1 + ALPHA) / (1 - ALPHA);
  private static final double LOG_GAMMA = Math.log(GAMMA);
  /** Values below this count as zero (loss 0 %, jitter 0 ms are common and exact). */
  private static final double MIN_POSITIVE = 1e-3;
  /** Covers 1e-3 .. ~1e12 at 2 %; larger values are clamped into the last bucket. */
  static final int MAX_BUCKETS = 800;

  private long zeroCount;
  private int offset; // bucket index of counts[0]
  /**
   * Bucket counts (int: a window never holds 2^31 samples; the store format writes them as varints). Only the first
   * {@code span} are the sketch's; the array keeps its capacity across {@link #reset} so a reused window allocates
   * nothing, and what lies beyond {@code span} is zeroed when the span grows over it.
   */
  private int[] counts = NO_COUNTS;
  private int span;
  private static final int[] NO_COUNTS = new int[0];

  public void add(double value) {
    if (!(value > MIN_POSITIVE)) {
      zeroCount++;
      return;
    }
    int index = Math.min(MAX_BUCKETS - 1, (int) Math.ceil(Math.log(value / MIN_POSITIVE) / LOG_GAMMA));
    cover(index, index + 1);
    counts[index - offset]++;
  }

  /** Adds another sketch's buckets: the result is the sketch of both value sets (same buckets, same quantiles). */
  public void merge(QuantileSketch other) {
    zeroCount += other.zeroCount;
    if (other.span == 0) {
      return;
    }
    cover(other.offset, other.offset + other.span);
    for (int i = 0; i < other.span; i++) {
      counts[other.offset + i - offset] += other.counts[i];
    }
  }

  /**
   * Widens the buckets held to include [low, high), new buckets zero: in place when the array is large enough, else in
   * a larger one.
   */
  private void cover(int low, int high) {
    if (span == 0) {
      offset = low;
    } else {
      low = Math.min(low, offset);
      high = Math.max(high, offset + span);
    }
    int shift = offset - low;
    int newSpan = high - low;
    if (shift == 0 && newSpan == span) {
      return;
    }
    // Exactly the span: every open window holds several sketches, and a reused one keeps its widest span anyway.
    int[] target = newSpan <= counts.length ? counts : new int[newSpan];
    System.arraycopy(counts, 0, target, shift, span);
    Arrays.fill(target, 0, shift, 0);
    Arrays.fill(target, shift + span, newSpan, 0);
    counts = target;
    offset = low;
    span = newSpan;
  }

  /** Empties the sketch, keeping its bucket array for the next values. */
  void reset() {
    zeroCount = 0;
    offset = 0; // written even when no bucket is
    span = 0;
  }

  public long count() {
    long n = zeroCount;
    for (int i = 0; i < span; i++) {
      n += counts[i];
    }
    return n;
  }

  /** The q-quantile (0..1), or NaN when empty. */
  public double quantile(double q) {
    long n = count();
    if (n == 0) {
      return Double.NaN;
    }
    long rank = (long) Math.ceil(q * n);
    long seen = zeroCount;
    if (seen >= rank) {
      return 0.0;
    }
    for (int i = 0; i < span; i++) {
      seen += counts[i];
      if (seen >= rank) {
        int index = i + offset;
        // midpoint of the bucket (gamma^(i-1), gamma^i] in relative terms
        return MIN_POSITIVE * 2 * Math.pow(GAMMA, index) / (GAMMA + 1);
      }
    }
    return MIN_POSITIVE * Math.pow(GAMMA, offset + span - 1);
  }

  /** Store format version 2: bucket counts as unsigned varints (one byte for an empty bucket). */
  void write(java.nio.ByteBuffer out) {
    out.putLong(zeroCount);
    out.putInt(offset);
    out.putInt(span);
    for (int i = 0; i < span; i++) {
      int c = counts[i];
      while ((c & ~0x7F) != 0) {
        out.put((byte) ((c & 0x7F) | 0x80));
        c >>>= 7;
      }
      out.put((byte) c);
    }
  }

  /** Store format version 1: bucket counts as longs. */
  void write(DataOutput out) throws IOException {
    out.writeLong(zeroCount);
    out.writeInt(offset);
    out.writeInt(span);
    for (int i = 0; i < span; i++) {
      out.writeLong(counts[i]);
    }
  }

  static QuantileSketch read(DataInput in, boolean v2) throws IOException {
    QuantileSketch s = new QuantileSketch();
    s.zeroCount = in.readLong();
    s.offset = in.readInt();
    s.counts = new int[in.readInt()];
    s.span = s.counts.length;
    for (int i = 0; i < s.span; i++) {
      s.counts[i] = v2 ? readVarint(in) : Math.toIntExact(in.readLong());
    }
    return s;
  }

  private static int readVarint(DataInput in) throws IOException {
    int value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      byte b = in.readByte();
      value |= (b & 0x7F) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw new IOException("malformed varint in a sketch bucket");
  }
}

package io.vigil.streams.window;

import java.nio.ByteBuffer;

/**
 * First and last point of one series in one window and its reset-adjusted increase: Prometheus {@code rate()} for a
 * counter without extrapolation. A drop in value is a counter reset (process restart), so the post-reset value is the
 * increase since the reset, exactly as Prometheus counts it. O(1) memory per window: points arriving in time order (or
 * before the first) are exact; an out-of-order point between first and last is ignored, which changes nothing unless a
 * reset happened in that very gap.
 */
public final class CounterRate {
  static final int ENCODED_SIZE = 8 + 8 + 8 + 8 + 8 + 8 + 8;

  private long points;
  private long firstTs;
  private double first;
  private long lastTs;
  private double last;
  private double increase;
  private long resets;

  /** Increase from {@code before} to {@code after} with Prometheus reset semantics. */
  public static double increase(double before, double after) {
    return after >= before ? after - before : after;
  }

  public void add(long ts, double value) {
    if (points == 0) {
      firstTs = lastTs = ts;
      first = last = value;
    } else if (ts >= lastTs) {
      step(last, value);
      lastTs = ts;
      last = value;
    } else if (ts < firstTs) {
      step(value, first);
      firstTs = ts;
      first = value;
    }
    points++;
  }

  private void step(double before, double after) {
    if (after < before) {
      resets++;
    }
    increase += increase(before, after);
  }

  /** Per-second increase between the first and the last point; null with fewer than two points at distinct times. */
  public Double rate() {
    if (points < 2 || lastTs <= firstTs) {
      return null;
    }
    return increase / ((lastTs - firstTs) / 1000.0);
  }

  /** The value of the latest point by time, or null when there was none. */
  public Double last() {
    return points == 0 ? null : last;
  }

  public double increase() {
    return increase;
  }

  public long resets() {
    return resets;
  }

  void write(ByteBuffer out) {
    out.putLong(points);
    out.putLong(firstTs);
    out.putDouble(first);
    out.putLong(lastTs);
    out.putDouble(last);
    out.putDouble(increase);
    out.putLong(resets);
  }

  static CounterRate read(ByteBuffer in) {
    CounterRate r = new CounterRate();
    r.points = in.getLong();
    r.firstTs = in.getLong();
    r.first = in.getDouble();
    r.lastTs = in.getLong();
    r.last = in.getDouble();
    r.increase = in.getDouble();
    r.resets = in.getLong();
    return r;
  }
}

package io.vigil.streams.topology;

import java.util.Arrays;

/**
 * The clock a task measures series' silence on: wall-clock time less how long the records it is reading waited in
 * Kafka. A processor that falls behind its input sees each series' samples far apart in wall-clock time although they
 * were produced a second apart; on the wall clock every series then looks silent at once and an absent rule fires for
 * the whole fleet (a storm that slows the processor further). On this clock silence is what the input says.
 *
 * <p>The wait is the median of {@code wall - record timestamp} (the producer's send time) over the records processed
 * since the last {@link #tick}, so a few collectors with a wrong clock do not move it. While nothing is read the last
 * wait holds: a backlog ends with fresh records, so a large wait that stops changing means a stall, not the end of
 * the input, and silence then grows with the wall clock, late by that wait. A processor whose own clock runs ahead
 * of every producer's measures silence late by the difference.
 */
final class InputClock {
  /** Records per tick interval whose waits are kept; odd, so the median is one of them. */
  static final int KEPT = 63;
  private final long[] waits = new long[KEPT];
  private int seenSinceTick;
  private long behindMs;

  /** A record produced at {@code recordTs} is processed at {@code wallNow}. */
  void record(long wallNow, long recordTs) {
    // The newest KEPT of an interval: the wait at its end matters, not at its start.
    waits[seenSinceTick++ % KEPT] = Math.max(0, wallNow - recordTs);
  }

  /** Takes the wait of the records processed since the last tick, if there were any. */
  void tick() {
    int kept = Math.min(seenSinceTick, KEPT);
    if (kept > 0) {
      Arrays.sort(waits, 0, kept);
      behindMs = waits[(kept - 1) / 2];
    }
    seenSinceTick = 0;
  }

  /** How long the records read at the last tick had waited in Kafka. */
  long behindMs() {
    return behindMs;
  }

  /** The input's time at wall-clock {@code wallNow}. */
  long now(long wallNow) {
    return wallNow - behindMs;
  }
}

package io.vigil.alerting.dispatch;

import java.time.Duration;
import java.util.TreeMap;

/**
 * Offsets of one partition whose notifications are still being delivered. The offset committed for the partition
 * never passes the oldest of them, so a crash or a rebalance replays them to the next owner instead of losing them.
 */
public final class PartitionProgress {
  private final TreeMap<Long, Integer> inflight = new TreeMap<>();

  public synchronized void hold(long offset) {
    inflight.merge(offset, 1, Integer::sum);
  }

  public synchronized void release(long offset) {
    inflight.computeIfPresent(offset, (k, v) -> v == 1 ? null : v - 1);
    notifyAll();
  }

  /** Oldest offset still in flight, or null. */
  public synchronized Long oldest() {
    return inflight.isEmpty() ? null : inflight.firstKey();
  }

  /** Waits until nothing is in flight (used before handing the partition over); false on timeout. */
  public synchronized boolean awaitDrained(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!inflight.isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /** The offset that is safe to commit: the oldest one anything still depends on, else the consumer position. */
  public static long safeOffset(long position, Long oldestInflight, Long oldestUnflushed) {
    long safe = position;
    if (oldestInflight != null) {
      safe = Math.min(safe, oldestInflight);
    }
    if (oldestUnflushed != null) {
      safe = Math.min(safe, oldestUnflushed);
    }
    return safe;
  }
}

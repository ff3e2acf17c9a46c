package io.vigil.collectors.cdc;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of a CDC source: changes seen, records published, bad rows skipped, engine restarts. */
public final class CdcCounters {
  final AtomicLong changes = new AtomicLong();
  final AtomicLong published = new AtomicLong();
  final AtomicLong tombstones = new AtomicLong();
  final AtomicLong badChanges = new AtomicLong();
  final AtomicLong ignored = new AtomicLong();

  /** A consistent-enough copy for logs and health endpoints. */
  public record Snapshot(long changes, long published, long tombstones, long badChanges, long ignored) {}

  public Snapshot snapshot() {
    return new Snapshot(changes.get(), published.get(), tombstones.get(), badChanges.get(), ignored.get());
  }
}

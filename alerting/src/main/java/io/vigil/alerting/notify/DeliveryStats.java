package io.vigil.alerting.notify;

import java.util.concurrent.atomic.AtomicLong;

/** Counters exposed on /status and in logs: what was sent, retried, rejected, dead-lettered, deduplicated. */
public final class DeliveryStats {
  public final AtomicLong sent = new AtomicLong();
  public final AtomicLong retries = new AtomicLong();
  public final AtomicLong deadLettered = new AtomicLong();
  public final AtomicLong deduplicated = new AtomicLong();
  public final AtomicLong suppressed = new AtomicLong();
  public final AtomicLong badInput = new AtomicLong();
}

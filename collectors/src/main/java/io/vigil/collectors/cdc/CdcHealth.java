package io.vigil.collectors.cdc;

import java.time.Instant;

/**
 * Health of a CDC source as an operator reads it: status, why, since when, restarts (engine restarts plus reconnects
 * after an outage), and the last change published.
 */
public record CdcHealth(Status status, String detail, Instant since, int restarts, Instant lastChangeAt, Long lastLsn) {

  /** STARTING until the connector task runs; RECONNECTING while the database or Kafka is away. */
  public enum Status { STARTING, RUNNING, RECONNECTING, STOPPED }

  public boolean healthy() {
    return status == Status.RUNNING;
  }
}

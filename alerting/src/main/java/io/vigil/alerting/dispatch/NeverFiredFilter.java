package io.vigil.alerting.dispatch;

import io.vigil.schemas.avro.AlertEvent;
import io.vigil.schemas.avro.AlertStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decides which alert events become notifications. Pending is never one (as in Alertmanager), and neither is the
 * "resolved" the stream processor publishes when a pending alert clears before its `for` elapsed: nobody was told it
 * fired, so nobody should hear it resolved (a PagerDuty resolve for a key never triggered, a Slack "RESOLVED" for
 * nothing). The router sees every event of a fingerprint, in order, because the alerts topic is keyed by fingerprint.
 * After a restart the memory of pending alerts is gone, so such a resolve is then sent: a rare extra message rather
 * than a lost one.
 */
public final class NeverFiredFilter {
  private final int capacity;
  private final Map<String, Boolean> pending;

  public NeverFiredFilter(int capacity) {
    this.capacity = capacity;
    this.pending = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > NeverFiredFilter.this.capacity;
      }
    };
  }

  /** Whether this event should be routed to receivers. */
  public boolean notifiable(AlertEvent event) {
    String fingerprint = event.getFingerprint();
    if (event.getStatus() == AlertStatus.pending) {
      pending.put(fingerprint, Boolean.TRUE);
      return false;
    }
    boolean wasPending = pending.remove(fingerprint) != null;
    return event.getStatus() == AlertStatus.firing || !wasPending;
  }
}

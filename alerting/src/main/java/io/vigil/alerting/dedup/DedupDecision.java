package io.vigil.alerting.dedup;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Pure rule: skip a notification whose alert set was already delivered, unless a firing repeat is due. */
public final class DedupDecision {
  private DedupDecision() {}

  public static boolean shouldSend(String alertsHash, String status, Optional<LogEntry> last, Duration repeat,
                                   Instant now) {
    if (last.isEmpty()) {
      return true;
    }
    LogEntry e = last.get();
    if (!e.alertsHash().equals(alertsHash)) {
      return true;
    }
    return status.equals("firing") && !now.isBefore(e.sentAt().plus(repeat));
  }
}

package io.vigil.alerting.dedup;

import io.vigil.alerting.model.Notification;
import java.util.Optional;

/** What was sent to whom and when; survives restarts so nothing is re-sent or forgotten. */
public interface NotificationLog {
  Optional<LogEntry> lastDelivered(String groupKey, String receiver);

  void record(Notification n, String outcome, int attempts, Integer httpStatus, String error);
}

package io.vigil.alerting.dedup;

import io.vigil.alerting.model.Notification;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What was sent to whom and when; survives restarts so nothing is re-sent or forgotten. */
public interface NotificationLog {
  Optional<LogEntry> lastDelivered(String groupKey, String receiver);

  void record(Notification n, String outcome, int attempts, Integer httpStatus, String error);

  /** One outcome to log. */
  record Row(Notification notification, String outcome, int attempts, Integer httpStatus, String error) {}

  /** The last delivery of each of several groups (absent groups have none); implementations may do it at once. */
  default Map<String, LogEntry> lastDelivered(Collection<String> groupKeys, String receiver) {
    Map<String, LogEntry> out = new HashMap<>();
    for (String k : groupKeys) {
      lastDelivered(k, receiver).ifPresent(e -> out.put(k, e));
    }
    return out;
  }

  /** Logs several outcomes in order; implementations may do it in one transaction (all or nothing). */
  default void recordAll(List<Row> rows) {
    for (Row r : rows) {
      record(r.notification(), r.outcome(), r.attempts(), r.httpStatus(), r.error());
    }
  }
}

package io.vigil.alerting.notify;

import io.vigil.alerting.model.Notification;

/** Where a notification goes after its last failed attempt. */
public interface DeadLetterSink {
  void publish(Notification n, String body, String reason);
}

package io.vigil.alerting.receivers;

import io.vigil.alerting.model.Notification;

/** Turns a notification into one receiver's wire format, and says what answer counts as accepted. */
public interface ReceiverFormat {
  OutboundRequest render(Notification n);

  default boolean accepted(int status, String body) {
    return status >= 200 && status < 300;
  }
}

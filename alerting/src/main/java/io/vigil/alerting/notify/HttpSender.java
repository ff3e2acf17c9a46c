package io.vigil.alerting.notify;

import io.vigil.alerting.receivers.OutboundRequest;
import java.io.IOException;
import java.time.Duration;

/** Sends one HTTP request; the seam between delivery logic and the network. */
public interface HttpSender {
  /** A receiver's answer. */
  record Response(int status, String body, String retryAfter) {}

  Response post(OutboundRequest request, Duration timeout) throws IOException, InterruptedException;
}

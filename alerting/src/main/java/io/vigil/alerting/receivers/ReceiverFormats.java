package io.vigil.alerting.receivers;

import io.vigil.alerting.config.ReceiverConfig;

/** Builds the wire format for a configured receiver. */
public final class ReceiverFormats {
  private ReceiverFormats() {}

  public static ReceiverFormat of(ReceiverConfig rc, Links links) {
    return switch (rc.type()) {
      case slack -> new SlackFormat(rc.url().reveal(), rc.channel(), links);
      case pagerduty -> new PagerDutyFormat(rc.url().reveal(), rc.routingKey().reveal(), links);
      case webhook -> new WebhookFormat(rc.url().reveal(), rc.hmacKey() == null ? null : rc.hmacKey().reveal(), links);
      case alertmanager -> new AlertmanagerFormat(rc.url().reveal(), links);
    };
  }
}

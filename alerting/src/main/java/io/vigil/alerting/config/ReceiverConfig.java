package io.vigil.alerting.config;

import java.time.Duration;

/** One receiver: where to send, how often at most, and how hard to retry. */
public record ReceiverConfig(String name, Type type, Secret url, Secret routingKey, Secret hmacKey, boolean sendResolved,
                             double ratePerSecond, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
                             Duration timeout, String channel, int concurrency) {

  /** Receiver kinds. */
  public enum Type { slack, pagerduty, webhook, alertmanager }

  /** Default rate limits from ARCHITECTURE section 5: Slack 1 msg/s, PagerDuty 2 events/s. */
  public static double defaultRate(Type type) {
    return switch (type) {
      case slack -> 1.0;
      case pagerduty -> 2.0;
      case webhook, alertmanager -> 50.0;
    };
  }
}

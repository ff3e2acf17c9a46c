package io.vigil.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.alerting.config.ReceiverConfig;
import io.vigil.alerting.config.Secret;
import io.vigil.alerting.dedup.LogEntry;
import io.vigil.alerting.dedup.NotificationLog;
import io.vigil.alerting.model.Notification;
import io.vigil.alerting.receivers.Links;
import io.vigil.alerting.receivers.SlackFormat;
import io.vigil.alerting.support.Alerts;
import io.vigil.testkit.http.RecordingHttpReceiver;
import io.vigil.testkit.http.RecordingHttpReceiver.Answer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retries against a local receiver answering 429 / 5xx / 400. */
class DelivererTest {
  private final RecordingHttpReceiver slack = new RecordingHttpReceiver();
  private final MemoryLog log = new MemoryLog();
  private final List<String> deadLetters = new CopyOnWriteArrayList<>();
  private final DeliveryStats stats = new DeliveryStats();
  private final Notification n = new Notification("default", "0:{}", "slack", Map.of(),
      List.of(Alerts.alert("fp1", true, Map.of("alertname", "high_loss"))));

  @AfterEach
  void close() {
    slack.close();
  }

  private Deliverer deliverer() {
    var rc = new ReceiverConfig("slack", ReceiverConfig.Type.slack, new Secret(slack.url("/hook"), "t"), null, null,
        true, 100, 5, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(5), null, 2);
    return new Deliverer(rc, new SlackFormat(slack.url("/hook"), null, new Links("c", "g")), new JdkHttpSender(), log,
        (notification, body, reason) -> deadLetters.add(reason), stats);
  }

  @Test
  void honoursRetryAfterAndDeliversOnce() throws Exception {
    slack.thenAnswer(Answer.of(429, "rate_limited").withHeader("Retry-After", "2"));
    try (var d = deliverer()) {
      assertThat(d.deliver(n, Duration.ofHours(4))).isEqualTo("sent");
    }
    var reqs = slack.requests("/hook");
    assertThat(reqs).hasSize(2);
    assertThat(Duration.between(reqs.get(0).at(), reqs.get(1).at())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    assertThat(log.rows).containsExactly("sent/2/200");
  }

  @Test
  void retriesServerErrorsThenDeliversOnce() throws Exception {
    slack.thenAnswer(Answer.of(500, "x"), Answer.of(502, "x"), Answer.of(503, "x"));
    try (var d = deliverer()) {
      assertThat(d.deliver(n, Duration.ofHours(4))).isEqualTo("sent");
    }
    assertThat(slack.requests("/hook")).hasSize(4);
    assertThat(log.rows).containsExactly("sent/4/200");
    assertThat(stats.retries.get()).isEqualTo(3);
  }

  @Test
  void badRequestIsNotRetriedAndGoesToTheDeadLetterTopic() throws Exception {
    slack.thenAnswer(Answer.of(400, "invalid_blocks"));
    try (var d = deliverer()) {
      assertThat(d.deliver(n, Duration.ofHours(4))).isEqualTo("dead_letter");
    }
    assertThat(slack.requests("/hook")).hasSize(1);
    assertThat(log.rows).containsExactly("dead_letter/1/400");
    assertThat(deadLetters).singleElement().asString().contains("not retried").contains("HTTP 400")
        .contains("invalid_blocks");
  }

  @Test
  void givesUpAfterMaxAttempts() throws Exception {
    slack.answerByDefault(Answer.of(503, "down"));
    try (var d = deliverer()) {
      assertThat(d.deliver(n, Duration.ofHours(4))).isEqualTo("dead_letter");
    }
    assertThat(slack.requests("/hook")).hasSize(5);
    assertThat(deadLetters).singleElement().asString().contains("gave up after 5 attempts");
  }

  @Test
  void anAlreadyLoggedNotificationIsNotSentAgain() throws Exception {
    try (var d = deliverer()) {
      assertThat(d.deliver(n, Duration.ofHours(4))).isEqualTo("sent");
      assertThat(d.deliver(n, Duration.ofHours(4))).isEqualTo("duplicate");
    }
    assertThat(slack.requests("/hook")).hasSize(1);
  }

  /** In-memory notification log. */
  static final class MemoryLog implements NotificationLog {
    final List<String> rows = new CopyOnWriteArrayList<>();
    volatile LogEntry last;

    @Override
    public Optional<LogEntry> lastDelivered(String groupKey, String receiver) {
      return Optional.ofNullable(last);
    }

    @Override
    public void record(Notification n, String outcome, int attempts, Integer httpStatus, String error) {
      rows.add(outcome + "/" + attempts + "/" + httpStatus);
      if (outcome.equals("sent")) {
        last = new LogEntry(n.alertsHash(), n.status(), outcome, Instant.now());
      }
    }
  }
}

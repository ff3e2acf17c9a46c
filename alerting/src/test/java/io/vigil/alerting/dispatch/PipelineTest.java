package io.vigil.alerting.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.alerting.support.Alerts;
import io.vigil.alerting.support.Stack;
import io.vigil.schemas.avro.AlertStatus;
import io.vigil.schemas.avro.Severity;
import io.vigil.schemas.topics.DeadLetterHeaders;
import io.vigil.schemas.topics.Topic;
import io.vigil.testkit.http.RecordingHttpReceiver.Answer;
import io.vigil.testkit.http.RecordingHttpReceiver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;


/** End to end through Kafka, PostgreSQL and local HTTP receivers. */
class PipelineTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RecordingHttpReceiver slack = new RecordingHttpReceiver();
  private final RecordingHttpReceiver pagerduty = new RecordingHttpReceiver(Answer.of(202,
      "{\"status\":\"success\",\"message\":\"Event processed\"}"));
  private final Stack stack = new Stack(2);

  @AfterEach
  void close() {
    slack.close();
    pagerduty.close();
    stack.close();
  }

  private String config(String groupWait) {
    return """
        receivers:
          - {name: slack, type: slack, url: '%s', send_resolved: false, rate_limit_per_s: 20}
          - {name: pd, type: pagerduty, url: '%s', routing_key_env: PD_KEY, rate_limit_per_s: 20}
        route:
          receiver: slack
          group_by: [alertname, room]
          group_wait: %s
          group_interval: 5m
          routes:
            - {matchers: ['severity="critical"'], receiver: pd, continue: true}
            - {matchers: ['severity="critical"'], receiver: slack}
        inhibit_rules:
          - source_matchers: ['alertname="ffmpeg_stalled"']
            target_matchers: ['alertname="ffmpeg_speed_low"']
            equal: [stream_id]
        """.formatted(slack.url("/slack"), pagerduty.url("/v2/enqueue"), groupWait);
  }

  @Test
  void firingThenResolvedGivesOneSlackMessageOneTriggerAndOneResolve() throws Exception {
    Instant t0 = Instant.now();
    Map<String, String> labels = Map.of("alertname", "mos_low", "room", "r1", "stream_id", "s1");
    try (var rt = stack.start(config("0s"), Map.of("PD_KEY", "rk-123"))) {
      stack.publish(Alerts.event("fp-1", AlertStatus.firing, Severity.critical, labels, t0, t0));
      await().atMost(Duration.ofSeconds(20)).until(() -> pagerduty.requests().size() == 1
          && slack.requests().size() == 1);
      stack.publish(Alerts.event("fp-1", AlertStatus.resolved, Severity.critical, labels, t0, t0.plusSeconds(5)));
      await().atMost(Duration.ofSeconds(20)).until(() -> pagerduty.requests().size() == 2);
      await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3))
          .until(() -> pagerduty.requests().size() == 2 && slack.requests().size() == 1);
    }
    JsonNode trigger = JSON.readTree(pagerduty.requests().get(0).body());
    JsonNode resolve = JSON.readTree(pagerduty.requests().get(1).body());
    assertThat(trigger.path("event_action").asText()).isEqualTo("trigger");
    assertThat(trigger.path("routing_key").asText()).isEqualTo("rk-123");
    assertThat(trigger.path("payload").path("severity").asText()).isEqualTo("critical");
    assertThat(trigger.path("payload").path("source").asText()).isEqualTo("s1");
    assertThat(resolve.path("event_action").asText()).isEqualTo("resolve");
    assertThat(resolve.path("dedup_key").asText()).isEqualTo(trigger.path("dedup_key").asText())
        .contains("alertname=\"mos_low\"");
    JsonNode msg = JSON.readTree(slack.requests().get(0).body());
    assertThat(msg.path("blocks").get(0).path("type").asText()).isEqualTo("header");
    assertThat(stack.count("SELECT count(*) FROM alert_notifications WHERE outcome = 'sent'")).isEqualTo(3);
    assertThat(stack.count("SELECT count(*) FROM alert_notifications WHERE receiver = 'pd' AND status = 'resolved'"))
        .isEqualTo(1);
  }

  @Test
  void fiftyAlertsOfOneGroupWithinGroupWaitMakeOneNotification() throws Exception {
    Instant t0 = Instant.now();
    try (var rt = stack.start(config("2s"), Map.of("PD_KEY", "k"))) {
      for (int i = 0; i < 50; i++) {
        stack.publish(Alerts.event("fp-" + i, AlertStatus.firing, Severity.warning,
            Map.of("alertname", "high_loss", "room", "r1", "stream_id", "s" + i), t0, t0));
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> slack.requests().size() == 1);
      await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> slack.requests().size() == 1);
    }
    JsonNode msg = JSON.readTree(slack.requests().get(0).body());
    assertThat(msg.path("text").asText()).contains("[50 firing, 0 resolved]");
    assertThat(stack.count("SELECT cardinality(fingerprints) FROM alert_notifications")).isEqualTo(50);
  }

  @Test
  void silencesAndInhibitionSuppressWhatTheyShouldAndOnlyThat() throws Exception {
    Instant t0 = Instant.now();
    stack.execute("INSERT INTO silences (id, matchers, starts_at, ends_at, created_by, comment) VALUES ("
        + "gen_random_uuid(), '[{\"label\":\"room\",\"op\":\"eq\",\"value\":\"silenced-room\"}]', now() - interval '1 minute',"
        + " now() + interval '1 hour', 'ops@example', 'maintenance')");
    try (var rt = stack.start(config("0s"), Map.of("PD_KEY", "k"))) {
      stack.publish(Alerts.event("a", AlertStatus.firing, Severity.warning,
          Map.of("alertname", "high_loss", "room", "silenced-room"), t0, t0));
      stack.publish(Alerts.event("b", AlertStatus.firing, Severity.warning,
          Map.of("alertname", "high_loss", "room", "open-room"), t0, t0));
      stack.publish(Alerts.event("c", AlertStatus.firing, Severity.warning,
          Map.of("alertname", "ffmpeg_stalled", "room", "x", "stream_id", "s1"), t0, t0));
      // Let the stalled alert be known before the speed alerts arrive (inhibition needs the source firing).
      await().atMost(Duration.ofSeconds(20)).until(() -> slack.requests().size() == 2);
      stack.publish(Alerts.event("d", AlertStatus.firing, Severity.warning,
          Map.of("alertname", "ffmpeg_speed_low", "room", "x", "stream_id", "s1"), t0, t0));
      stack.publish(Alerts.event("e", AlertStatus.firing, Severity.warning,
          Map.of("alertname", "ffmpeg_speed_low", "room", "y", "stream_id", "s2"), t0, t0));
      await().atMost(Duration.ofSeconds(20)).until(() -> slack.requests().size() == 3);
      await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3)).until(() -> slack.requests().size() == 3);
      assertThat(rt.stats().suppressed.get()).isEqualTo(2);
      // A silence created by the API while running applies within the refresh period (200 ms here, 2 s default).
      stack.execute("INSERT INTO silences (id, matchers, starts_at, ends_at, created_by) VALUES (gen_random_uuid(),"
          + " '[{\"label\":\"room\",\"op\":\"eq\",\"value\":\"late-room\"}]', now(), now() + interval '1 hour', 'ops')");
      await().atMost(Duration.ofSeconds(5)).until(() -> rt.silences().get().silences().size() == 2);
      stack.publish(Alerts.event("f", AlertStatus.firing, Severity.warning,
          Map.of("alertname", "high_loss", "room", "late-room"), t0, t0));
      await().atMost(Duration.ofSeconds(20)).until(() -> rt.stats().suppressed.get() == 3);
      assertThat(slack.requests()).hasSize(3);
    }
    String all = String.join("\n", slack.requests().stream().map(RecordingHttpReceiver.Request::body).toList());
    assertThat(all).contains("open-room").contains("ffmpeg_stalled").doesNotContain("silenced-room");
    assertThat(slack.requests().stream().filter(r -> r.body().contains("ffmpeg_speed_low")).toList())
        .singleElement().satisfies(r -> assertThat(r.body()).contains("*stream_id*: s2").doesNotContain("*stream_id*: s1"));
  }

  @Test
  void aRejectedNotificationIsLoggedAndDeadLettered() {
    slack.answerByDefault(Answer.of(400, "invalid_blocks"));
    Instant t0 = Instant.now();
    try (var rt = stack.start(config("0s"), Map.of("PD_KEY", "k"))) {
      stack.publish(Alerts.event("z", AlertStatus.firing, Severity.warning,
          Map.of("alertname", "high_loss", "room", "r9"), t0, t0));
      await().atMost(Duration.ofSeconds(20)).until(() -> rt.stats().deadLettered.get() == 1);
    }
    assertThat(slack.requests()).hasSize(1);
    assertThat(stack.count("SELECT count(*) FROM alert_notifications WHERE outcome = 'dead_letter' AND http_status = 400"))
        .isEqualTo(1);
    // The dead letter on vigil.dlq.v1: key = group key, value = the body we tried, headers say why.
    var props = new Properties();
    props.put("bootstrap.servers", stack.broker.bootstrapServers());
    props.put("group.id", "dlq-check-" + UUID.randomUUID());
    props.put("auto.offset.reset", "earliest");
    String key = "0:{alertname=\"high_loss\",room=\"r9\"}";
    try (var consumer = new KafkaConsumer<String, String>(props,
        new StringDeserializer(),
        new StringDeserializer())) {
      consumer.subscribe(List.of(Topic.DLQ.topicName()));
      var found = new ArrayList<ConsumerRecord<String, String>>();
      await().atMost(Duration.ofSeconds(20)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          if (key.equals(r.key())) {
            found.add(r);
          }
        });
        return !found.isEmpty();
      });
      var headers = found.get(0).headers();
      assertThat(DeadLetterHeaders.read(headers, DeadLetterHeaders.STAGE))
          .isEqualTo("alerting.notify.slack");
      assertThat(DeadLetterHeaders.read(headers,
          DeadLetterHeaders.ERROR_MESSAGE)).contains("HTTP 400").contains("invalid_blocks");
      assertThat(found.get(0).value()).contains("\"blocks\"");
    }
  }
}

package io.vigil.alerting.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.alerting.runtime.AlertingRuntime;
import io.vigil.alerting.support.Alerts;
import io.vigil.alerting.support.Stack;
import io.vigil.schemas.avro.AlertStatus;
import io.vigil.schemas.avro.Severity;
import io.vigil.testkit.http.RecordingHttpReceiver;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two instances in one consumer group, one killed mid-stream: every group notified exactly once. */
class ScaleOutTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RecordingHttpReceiver hook = new RecordingHttpReceiver(RecordingHttpReceiver.Answer.of(200, "{}"));
  private final Stack stack = new Stack(4);

  @AfterEach
  void close() {
    hook.close();
    stack.close();
  }

  private Map<String, Long> perGroup() {
    return hook.requests().stream().map(r -> {
      try {
        return JSON.readTree(r.body()).path("groupKey").asText();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }

  private void publish(int from, int to) {
    Instant t = Instant.now();
    for (int i = from; i < to; i++) {
      stack.publish(Alerts.event("fp-" + i, AlertStatus.firing, Severity.warning,
          Map.of("alertname", "high_loss", "stream_id", "s" + i), t, t));
    }
  }

  @Test
  void killingOneInstanceMidStreamLosesAndDuplicatesNothing() {
    String yaml = """
        receivers:
          - {name: hook, type: webhook, url: '%s', rate_limit_per_s: 1000}
        route:
          receiver: hook
          group_by: [alertname, stream_id]
          group_wait: 1s
          group_interval: 5m
        """.formatted(hook.url("/hook"));
    AlertingRuntime a = stack.start(yaml, Map.of());
    try (AlertingRuntime b = stack.start(yaml, Map.of())) {
      await().atMost(Duration.ofSeconds(30)).until(() -> !a.owner().assignedPartitions().isEmpty()
          && !b.owner().assignedPartitions().isEmpty());
      publish(0, 30);
      await().atMost(Duration.ofSeconds(20)).until(() -> perGroup().size() == 30);
      // Groups 30..59 are now pending on both instances (group_wait 1 s) when A dies without flushing or committing.
      publish(30, 60);
      a.kill();
      await().atMost(Duration.ofSeconds(60)).until(() -> perGroup().size() == 60);
      await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> hook.requests().size() == 60);
      assertThat(b.owner().assignedPartitions()).hasSize(4);
    }
    assertThat(perGroup()).hasSize(60).allSatisfy((k, v) -> assertThat(v).as(k).isEqualTo(1L));
    assertThat(stack.count("SELECT count(DISTINCT group_key) FROM alert_notifications WHERE outcome = 'sent'"))
        .isEqualTo(60);
  }
}

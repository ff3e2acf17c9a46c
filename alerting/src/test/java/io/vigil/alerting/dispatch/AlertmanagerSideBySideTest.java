package io.vigil.alerting.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.alerting.model.Alert;
import io.vigil.alerting.model.Notification;
import io.vigil.alerting.notify.HttpSender;
import io.vigil.alerting.notify.JdkHttpSender;
import io.vigil.alerting.receivers.AlertmanagerFormat;
import io.vigil.alerting.receivers.Links;
import io.vigil.alerting.support.Alerts;
import io.vigil.alerting.support.Stack;
import io.vigil.schemas.avro.AlertEvent;
import io.vigil.schemas.avro.AlertStatus;
import io.vigil.schemas.avro.Severity;
import io.vigil.testkit.http.RecordingHttpReceiver;
import io.vigil.testkit.programs.RequiredProgram;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same alert stream pushed to Debian's prometheus-alertmanager (a real peer on a local port) and to Vigil, with
 * the same grouping; both notify a webhook in Alertmanager's format, and we compare what each receiver gets.
 * Deliberate difference: Vigil sends a resolved notice at once (resolve_immediately), Alertmanager waits for the next
 * group_interval tick.
 */
class AlertmanagerSideBySideTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RecordingHttpReceiver receiver = new RecordingHttpReceiver(RecordingHttpReceiver.Answer.of(200, "{}"));
  private final Stack stack = new Stack(1);
  private Process alertmanager;

  @AfterEach
  void close() throws Exception {
    if (alertmanager != null) {
      alertmanager.destroy();
      alertmanager.waitFor();
    }
    receiver.close();
    stack.close();
  }

  @Test
  void sameGroupsSameNotificationsResolvedSoonerInVigil(@TempDir Path dir) throws Exception {
    Path binary = RequiredProgram.require("prometheus-alertmanager", "prometheus-alertmanager");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path amConfig = dir.resolve("am.yml");
    Files.writeString(amConfig, """
        route:
          receiver: hook
          group_by: [alertname, room]
          group_wait: 1s
          group_interval: 6s
          repeat_interval: 1h
        receivers:
          - name: hook
            webhook_configs:
              - url: '%s'
                send_resolved: true
        """.formatted(receiver.url("/am")));
    alertmanager = new ProcessBuilder(binary.toString(), "--config.file=" + amConfig,
        "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
        "--cluster.listen-address=").redirectErrorStream(true).redirectOutput(dir.resolve("am.log").toFile()).start();
    String amUrl = "http://127.0.0.1:" + port;
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> status(amUrl + "/-/ready") == 200);

    String vigil = """
        receivers:
          - {name: hook, type: webhook, url: '%s', rate_limit_per_s: 100}
        route:
          receiver: hook
          group_by: [alertname, room]
          group_wait: 1s
          group_interval: 6s
          repeat_interval: 1h
        """.formatted(receiver.url("/vigil"));
    Instant t0 = Instant.now();
    var a1 = Alerts.event("f1", AlertStatus.firing, Severity.warning, Map.of("alertname", "high_loss", "room", "r1",
        "stream_id", "s1"), t0, t0);
    var a2 = Alerts.event("f2", AlertStatus.firing, Severity.warning, Map.of("alertname", "high_loss", "room", "r1",
        "stream_id", "s2"), t0, t0);
    var b1 = Alerts.event("f3", AlertStatus.firing, Severity.critical, Map.of("alertname", "mos_low", "room", "r2",
        "stream_id", "s3"), t0, t0);
    try (var rt = stack.start(vigil, Map.of())) {
      push(amUrl, List.of(a1, a2, b1));
      List.of(a1, a2, b1).forEach(stack::publish);
      await().atMost(Duration.ofSeconds(30)).until(() -> receiver.requests("/am").size() == 2
          && receiver.requests("/vigil").size() == 2);
      Instant resolvedAt = Instant.now();
      var b1Resolved = Alerts.event("f3", AlertStatus.resolved, Severity.critical, Map.of("alertname", "mos_low",
          "room", "r2", "stream_id", "s3"), t0, resolvedAt);
      push(amUrl, List.of(b1Resolved));
      stack.publish(b1Resolved);
      await().atMost(Duration.ofSeconds(30)).until(() -> receiver.requests("/am").size() == 3
          && receiver.requests("/vigil").size() == 3);
      await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() ->
          receiver.requests("/am").size() == 3 && receiver.requests("/vigil").size() == 3);

      List<String> am = summarize(receiver.requests("/am"));
      List<String> vg = summarize(receiver.requests("/vigil"));
      System.out.println("alertmanager notifications: " + am + "\nvigil notifications:        " + vg);
      assertThat(new TreeSet<>(vg)).isEqualTo(new TreeSet<>(am)).hasSize(3);

      Instant amResolved = last(receiver.requests("/am")).at();
      Instant vgResolved = last(receiver.requests("/vigil")).at();
      System.out.printf("resolved notice after the resolve: vigil %d ms, alertmanager %d ms%n",
          Duration.between(resolvedAt, vgResolved).toMillis(), Duration.between(resolvedAt, amResolved).toMillis());
      assertThat(vgResolved).isBefore(amResolved);
    }
  }

  private static RecordingHttpReceiver.Request last(List<RecordingHttpReceiver.Request> r) {
    return r.stream().filter(x -> x.body().contains("\"status\":\"resolved\"")).findFirst().orElseThrow();
  }

  /** Receiver-independent view of a webhook body: status, group labels, alerts with their status and stream. */
  private static List<String> summarize(List<RecordingHttpReceiver.Request> requests) throws Exception {
    List<String> out = new ArrayList<>();
    for (var r : requests) {
      JsonNode b = JSON.readTree(r.body());
      Map<String, String> groupLabels = new TreeMap<>();
      b.path("groupLabels").fields().forEachRemaining(e -> groupLabels.put(e.getKey(), e.getValue().asText()));
      TreeSet<String> alerts = new TreeSet<>();
      for (JsonNode a : b.path("alerts")) {
        alerts.add(a.path("labels").path("stream_id").asText() + ":" + a.path("status").asText());
      }
      out.add(b.path("status").asText() + " " + groupLabels + " " + alerts);
    }
    return out;
  }

  /** Pushes the alerts with Vigil's own Alertmanager forwarding format (POST /api/v2/alerts). */
  private static void push(String amUrl, List<AlertEvent> events) throws Exception {
    List<Alert> alerts = events.stream().map(Alert::from).toList();
    var n = new Notification("default", "g", "am", Map.of(), alerts);
    var req = new AlertmanagerFormat(amUrl, new Links("http://console", "http://grafana")).render(n);
    HttpSender.Response resp = new JdkHttpSender().post(req, Duration.ofSeconds(5));
    assertThat(resp.status()).as(resp.body()).isEqualTo(200);
  }

  private static int status(String url) throws Exception {
    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
    try {
      return c.getResponseCode();
    } finally {
      c.disconnect();
    }
  }
}

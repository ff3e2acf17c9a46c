package io.vigil.alerting.receivers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.alerting.model.Alert;
import io.vigil.alerting.model.Notification;
import io.vigil.alerting.support.Alerts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bodies checked field by field against Slack Block Kit, PagerDuty Events v2 and Alertmanager's formats. */
class ReceiverFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Links links = new Links("http://console", "http://grafana");
  private final Alert firing = Alerts.alert("fp1", true,
      Map.of("alertname", "high_loss", "stream_id", "s1", "severity", "critical", "node_id", "sfu-1"));
  private final Notification fire = new Notification("default", "0:{alertname=\"high_loss\"}", "r",
      Map.of("alertname", "high_loss"), List.of(firing));
  private final Notification resolve = new Notification("default", "0:{alertname=\"high_loss\"}", "r",
      Map.of("alertname", "high_loss"), List.of(Alerts.alert("fp1", false, firing.labels())));

  @Test
  void slackBlockKit() throws Exception {
    var f = new SlackFormat("http://slack/hook", "#ops", links);
    JsonNode b = JSON.readTree(f.render(fire).body());
    assertThat(b.path("channel").asText()).isEqualTo("#ops");
    assertThat(b.path("text").asText()).contains("FIRING").contains("alertname=high_loss");
    JsonNode blocks = b.path("blocks");
    assertThat(blocks.get(0).path("type").asText()).isEqualTo("header");
    assertThat(blocks.get(0).path("text").path("type").asText()).isEqualTo("plain_text");
    JsonNode section = blocks.get(1);
    assertThat(section.path("type").asText()).isEqualTo("section");
    assertThat(section.path("text").path("type").asText()).isEqualTo("mrkdwn");
    assertThat(section.path("text").path("text").asText()).contains("critical").contains("Packet loss s1")
        .contains("value 7.5 (threshold 5.0)");
    assertThat(section.path("fields").toString()).contains("*stream_id*: s1");
    JsonNode actions = blocks.get(2);
    assertThat(actions.path("type").asText()).isEqualTo("actions");
    assertThat(actions.path("elements").get(0).path("url").asText()).startsWith("http://console?group=");
    assertThat(actions.path("elements").get(1).path("url").asText()).isEqualTo(
        "http://grafana/d/vigil-stream?var-stream_id=s1");
    assertThat(f.accepted(200, "ok")).isTrue();
    assertThat(f.accepted(200, "invalid_payload")).isFalse();
  }

  @Test
  void pagerDutyTriggerAndResolveShareTheDedupKey() throws Exception {
    var f = new PagerDutyFormat("http://pd/v2/enqueue", "RKEY", links);
    JsonNode t = JSON.readTree(f.render(fire).body());
    assertThat(t.path("routing_key").asText()).isEqualTo("RKEY");
    assertThat(t.path("event_action").asText()).isEqualTo("trigger");
    assertThat(t.path("dedup_key").asText()).isEqualTo(fire.groupKey());
    JsonNode p = t.path("payload");
    assertThat(p.path("summary").asText()).isEqualTo("[FIRING:1] Packet loss s1 above 5%");
    assertThat(p.path("source").asText()).isEqualTo("sfu-1");
    assertThat(p.path("severity").asText()).isEqualTo("critical");
    assertThat(p.path("timestamp").asText()).isEqualTo("2026-11-22T03:00:00Z");
    assertThat(p.path("custom_details").path("alerts").get(0).path("value").asDouble()).isEqualTo(7.5);
    assertThat(p.path("custom_details").path("alerts").get(0).path("threshold").asDouble()).isEqualTo(5.0);
    JsonNode r = JSON.readTree(f.render(resolve).body());
    assertThat(r.path("event_action").asText()).isEqualTo("resolve");
    assertThat(r.path("dedup_key").asText()).isEqualTo(t.path("dedup_key").asText());
    assertThat(r.has("payload")).isFalse();
    assertThat(f.accepted(202, "{\"status\":\"success\"}")).isTrue();
  }

  @Test
  void webhookIsAlertmanagerShapedAndSigned() throws Exception {
    var f = new WebhookFormat("http://hook", "k3y", links);
    OutboundRequest req = f.render(fire);
    JsonNode b = JSON.readTree(req.body());
    assertThat(b.path("version").asText()).isEqualTo("4");
    assertThat(b.path("status").asText()).isEqualTo("firing");
    assertThat(b.path("groupKey").asText()).isEqualTo(fire.groupKey());
    assertThat(b.path("commonLabels").path("stream_id").asText()).isEqualTo("s1");
    assertThat(b.path("alerts").get(0).path("fingerprint").asText()).isEqualTo("fp1");
    assertThat(b.path("alerts").get(0).path("startsAt").asText()).isEqualTo("2026-11-22T03:00:00Z");
    assertThat(req.headers().get(WebhookFormat.SIGNATURE_HEADER))
        .isEqualTo("sha256=" + WebhookFormat.sign("k3y", req.body()));
    // Known vector (RFC 4231 style check with openssl: echo -n body | openssl dgst -sha256 -hmac key)
    assertThat(WebhookFormat.sign("key", "The quick brown fox jumps over the lazy dog"))
        .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
  }

  @Test
  void alertmanagerForwarding() throws Exception {
    var f = new AlertmanagerFormat("http://am:9093", links);
    OutboundRequest req = f.render(resolve);
    assertThat(req.url()).isEqualTo("http://am:9093/api/v2/alerts");
    JsonNode a = JSON.readTree(req.body()).get(0);
    assertThat(a.path("labels").path("alertname").asText()).isEqualTo("high_loss");
    assertThat(a.path("startsAt").asText()).isEqualTo("2026-11-22T03:00:00Z");
    assertThat(a.path("endsAt").asText()).isEqualTo("2026-11-22T03:01:00Z");
    assertThat(a.path("generatorURL").asText()).startsWith("http://console");
    assertThat(JSON.readTree(f.render(fire).body()).get(0).has("endsAt")).isFalse();
  }
}

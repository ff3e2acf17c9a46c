package io.vigil.alerting.receivers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.alerting.model.Alert;
import io.vigil.alerting.model.Notification;
import java.util.Map;

/** PagerDuty Events API v2: trigger while any alert fires, resolve when none does; dedup_key = group key; 202. */
public final class PagerDutyFormat implements ReceiverFormat {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String url;
  private final String routingKey;
  private final Links links;

  public PagerDutyFormat(String url, String routingKey, Links links) {
    this.url = url;
    this.routingKey = routingKey;
    this.links = links;
  }

  @Override
  public OutboundRequest render(Notification n) {
    ObjectNode root = JSON.createObjectNode();
    root.put("routing_key", routingKey);
    root.put("dedup_key", n.groupKey());
    boolean firing = n.status().equals("firing");
    root.put("event_action", firing ? "trigger" : "resolve");
    if (firing) {
      Alert first = n.firing().get(0);
      ObjectNode payload = root.putObject("payload");
      String summary = "[FIRING:" + n.firing().size() + "] " + SlackFormat.summary(first);
      payload.put("summary", summary.length() > 1024 ? summary.substring(0, 1024) : summary);
      payload.put("source", first.labels().getOrDefault("node_id",
          first.labels().getOrDefault("stream_id", "vigil")));
      payload.put("severity", severity(n));
      payload.put("timestamp", first.startsAt().toString());
      payload.put("component", first.labels().getOrDefault("component", "media"));
      payload.put("group", n.groupLabels().getOrDefault("alertname", first.ruleId()));
      payload.put("class", first.ruleId());
      ObjectNode details = payload.putObject("custom_details");
      details.put("firing", n.firing().size());
      details.put("resolved", n.resolved().size());
      var alerts = details.putArray("alerts");
      for (Alert a : n.firing()) {
        ObjectNode o = alerts.addObject();
        o.put("fingerprint", a.fingerprint());
        o.put("summary", SlackFormat.summary(a));
        if (a.value() != null) {
          o.put("value", a.value());
        }
        if (a.threshold() != null) {
          o.put("threshold", a.threshold());
        }
        a.labels().forEach(o.putObject("labels")::put);
      }
      root.put("client", "Vigil");
      root.put("client_url", links.console(n.groupKey()));
      root.putArray("links").addObject().put("href", links.console(n.groupKey())).put("text", "Vigil console");
    }
    return new OutboundRequest(url, Map.of("Content-Type", "application/json"), root.toString());
  }

  /** PagerDuty severities are critical, error, warning, info: the worst firing alert decides. */
  static String severity(Notification n) {
    boolean warning = false;
    for (Alert a : n.firing()) {
      if (a.severity().equals("critical")) {
        return "critical";
      }
      warning |= a.severity().equals("warning");
    }
    return warning ? "warning" : "info";
  }

  @Override
  public boolean accepted(int status, String body) {
    return status == 202 || status == 200;
  }
}

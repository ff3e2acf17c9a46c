package io.vigil.alerting.receivers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.alerting.model.Alert;
import io.vigil.alerting.model.Notification;
import java.util.Map;
import java.util.stream.Collectors;

/** Slack incoming webhook with Block Kit: header, one section per alert (at most 20), links; success is 200 "ok". */
public final class SlackFormat implements ReceiverFormat {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ALERT_BLOCKS = 20;
  private final String url;
  private final String channel;
  private final Links links;

  public SlackFormat(String url, String channel, Links links) {
    this.url = url;
    this.channel = channel;
    this.links = links;
  }

  @Override
  public OutboundRequest render(Notification n) {
    ObjectNode root = JSON.createObjectNode();
    if (channel != null) {
      root.put("channel", channel);
    }
    String title = (n.status().equals("firing") ? ":red_circle: FIRING" : ":large_green_circle: RESOLVED")
        + " [" + n.firing().size() + " firing, " + n.resolved().size() + " resolved] "
        + n.groupLabels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(" "));
    root.put("text", title);
    ArrayNode blocks = root.putArray("blocks");
    ObjectNode header = blocks.addObject().put("type", "header");
    header.putObject("text").put("type", "plain_text").put("text", truncate(title, 150));
    int shown = 0;
    for (Alert a : n.alerts()) {
      if (shown++ == MAX_ALERT_BLOCKS) {
        blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
            .put("text", "… and " + (n.alerts().size() - MAX_ALERT_BLOCKS) + " more");
        break;
      }
      ObjectNode section = blocks.addObject().put("type", "section");
      section.putObject("text").put("type", "mrkdwn").put("text", truncate(
          "*" + a.status().toUpperCase() + "* `" + a.severity() + "` " + summary(a) + "\n" + valueLine(a), 2900));
      ArrayNode fields = section.putArray("fields");
      a.labels().entrySet().stream().limit(10).forEach(e ->
          fields.addObject().put("type", "mrkdwn").put("text", truncate("*" + e.getKey() + "*: " + e.getValue(), 1900)));
    }
    ObjectNode actions = blocks.addObject().put("type", "actions");
    ArrayNode elements = actions.putArray("elements");
    button(elements, "Console", links.console(n.groupKey()));
    String stream = n.alerts().isEmpty() ? null : n.alerts().get(0).labels().get("stream_id");
    button(elements, "Grafana", links.grafana(stream));
    return new OutboundRequest(url, Map.of("Content-Type", "application/json"), root.toString());
  }

  private static void button(ArrayNode elements, String label, String href) {
    ObjectNode b = elements.addObject().put("type", "button").put("url", href);
    b.putObject("text").put("type", "plain_text").put("text", label);
  }

  static String summary(Alert a) {
    return a.annotations().getOrDefault("summary", a.labels().getOrDefault("alertname", a.ruleId()));
  }

  static String valueLine(Alert a) {
    if (a.value() == null) {
      return "";
    }
    return "value " + a.value() + (a.threshold() == null ? "" : " (threshold " + a.threshold() + ")");
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  /** Slack answers 200 with body {@code ok}; anything else (even 200 with an error text) is not delivered. */
  @Override
  public boolean accepted(int status, String body) {
    return status == 200 && "ok".equals(body == null ? null : body.trim());
  }
}

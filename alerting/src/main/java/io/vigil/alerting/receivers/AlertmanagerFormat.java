package io.vigil.alerting.receivers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.alerting.model.Alert;
import io.vigil.alerting.model.Notification;
import java.util.Map;

/** Forwards alerts to an Alertmanager: {@code POST <url>/api/v2/alerts} with startsAt/endsAt/labels/annotations. */
public final class AlertmanagerFormat implements ReceiverFormat {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String url;
  private final Links links;

  public AlertmanagerFormat(String baseUrl, Links links) {
    String b = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.url = b.endsWith("/api/v2/alerts") ? b : b + "/api/v2/alerts";
    this.links = links;
  }

  @Override
  public OutboundRequest render(Notification n) {
    ArrayNode arr = JSON.createArrayNode();
    for (Alert a : n.alerts()) {
      ObjectNode o = arr.addObject();
      a.labels().forEach(o.putObject("labels")::put);
      a.annotations().forEach(o.putObject("annotations")::put);
      o.put("startsAt", a.startsAt().toString());
      // Firing alerts carry no endsAt, so Alertmanager keeps them until resolve_timeout or our resolve.
      if (!a.firing()) {
        o.put("endsAt", (a.endsAt() == null ? a.updatedAt() : a.endsAt()).toString());
      }
      o.put("generatorURL", links.console(n.groupKey()));
    }
    return new OutboundRequest(url, Map.of("Content-Type", "application/json"), arr.toString());
  }
}

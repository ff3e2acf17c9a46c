package io.vigil.alerting.receivers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.alerting.model.Alert;
import io.vigil.alerting.model.Notification;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Generic JSON webhook with Alertmanager's webhook body (version 4), signed with HMAC-SHA256 when a key is set. */
public final class WebhookFormat implements ReceiverFormat {
  /** Header carrying {@code sha256=<hex of HMAC-SHA256(key, body)>}. */
  public static final String SIGNATURE_HEADER = "X-Vigil-Signature";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String url;
  private final String hmacKey;
  private final Links links;

  public WebhookFormat(String url, String hmacKey, Links links) {
    this.url = url;
    this.hmacKey = hmacKey;
    this.links = links;
  }

  @Override
  public OutboundRequest render(Notification n) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", "4");
    root.put("groupKey", n.groupKey());
    root.put("truncatedAlerts", 0);
    root.put("status", n.status());
    root.put("receiver", n.receiver());
    n.groupLabels().forEach(root.putObject("groupLabels")::put);
    common(n.alerts().stream().map(Alert::labels).toList()).forEach(root.putObject("commonLabels")::put);
    common(n.alerts().stream().map(Alert::annotations).toList()).forEach(root.putObject("commonAnnotations")::put);
    root.put("externalURL", links.console(n.groupKey()));
    ArrayNode alerts = root.putArray("alerts");
    for (Alert a : n.alerts()) {
      ObjectNode o = alerts.addObject();
      o.put("status", a.status());
      a.labels().forEach(o.putObject("labels")::put);
      a.annotations().forEach(o.putObject("annotations")::put);
      o.put("startsAt", a.startsAt().toString());
      o.put("endsAt", a.endsAt() == null ? "0001-01-01T00:00:00Z" : a.endsAt().toString());
      o.put("generatorURL", links.console(n.groupKey()));
      o.put("fingerprint", a.fingerprint());
      if (a.value() != null) {
        o.put("value", a.value());
      }
      if (a.threshold() != null) {
        o.put("threshold", a.threshold());
      }
    }
    String body = root.toString();
    Map<String, String> headers = new HashMap<>();
    headers.put("Content-Type", "application/json");
    if (hmacKey != null) {
      headers.put(SIGNATURE_HEADER, "sha256=" + sign(hmacKey, body));
    }
    return new OutboundRequest(url, Map.copyOf(headers), body);
  }

  public static String sign(String key, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, String> common(List<Map<String, String>> maps) {
    if (maps.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>(maps.get(0));
    for (Map<String, String> m : maps) {
      out.entrySet().removeIf(e -> !e.getValue().equals(m.get(e.getKey())));
    }
    return out;
  }
}

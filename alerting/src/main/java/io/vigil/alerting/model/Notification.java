package io.vigil.alerting.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** What one flush of one aggregation group sends to one receiver. */
public record Notification(String tenant, String groupKey, String receiver, Map<String, String> groupLabels,
                           List<Alert> alerts) {

  public Notification {
    groupLabels = Map.copyOf(groupLabels);
    alerts = alerts.stream().sorted(Comparator.comparing(Alert::fingerprint)).toList();
  }

  /** firing while any alert fires; resolved once all of them have. */
  public String status() {
    return alerts.stream().anyMatch(Alert::firing) ? "firing" : "resolved";
  }

  public List<Alert> firing() {
    return alerts.stream().filter(Alert::firing).toList();
  }

  public List<Alert> resolved() {
    return alerts.stream().filter(a -> !a.firing()).toList();
  }

  public List<String> fingerprints() {
    return alerts.stream().map(Alert::fingerprint).toList();
  }

  /** Hash of the alert set and their states: the same set sent twice is a duplicate (after a restart too). */
  public String alertsHash() {
    StringBuilder sb = new StringBuilder();
    for (Alert a : alerts) {
      sb.append(a.fingerprint()).append(':').append(a.status()).append(':').append(a.startsAt().toEpochMilli())
          .append('\n');
    }
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

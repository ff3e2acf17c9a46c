package io.vigil.alerting.support;

import io.vigil.alerting.model.Alert;
import io.vigil.schemas.avro.AlertEvent;
import io.vigil.schemas.avro.AlertStatus;
import io.vigil.schemas.avro.Severity;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Builds alert events and alerts for tests. */
public final class Alerts {
  private Alerts() {}

  public static AlertEvent event(String fingerprint, AlertStatus status, Severity severity, Map<String, String> labels,
                                 Instant startsAt, Instant updatedAt) {
    Map<String, String> l = new HashMap<>(labels);
    Map<String, String> ann = new HashMap<>();
    ann.put("summary", "Packet loss " + labels.getOrDefault("stream_id", "?") + " above 5%");
    return AlertEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setTenant("default")
        .setFingerprint(fingerprint).setRuleId(labels.getOrDefault("alertname", "high_loss")).setStatus(status)
        .setSeverity(severity).setLabels(l).setAnnotations(ann).setValue(7.5).setThreshold(5.0)
        .setStartsAt(startsAt).setEndsAt(status == AlertStatus.resolved ? updatedAt : null).setUpdatedAt(updatedAt)
        .setGenerator(1).build();
  }

  public static Alert alert(String fingerprint, boolean firing, Map<String, String> labels) {
    Instant t = Instant.parse("2026-11-22T03:00:00Z");
    return Alert.from(event(fingerprint, firing ? AlertStatus.firing : AlertStatus.resolved,
        Severity.valueOf(labels.getOrDefault("severity", "warning")), labels, t, firing ? t : t.plusSeconds(60)));
  }
}

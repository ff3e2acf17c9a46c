package io.vigil.alerting.model;

import io.vigil.schemas.avro.AlertEvent;
import io.vigil.schemas.avro.AlertStatus;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** One alert as the notifier sees it: the latest state of a fingerprint, detached from Avro. */
public record Alert(String tenant, String fingerprint, String ruleId, boolean firing, String severity,
                    Map<String, String> labels, Map<String, String> annotations, Double value, Double threshold,
                    Instant startsAt, Instant endsAt, Instant updatedAt) {

  public Alert {
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
  }

  /** Converts an AlertEvent; pending events are not notifications, callers filter them first. */
  public static Alert from(AlertEvent e) {
    Map<String, String> labels = new TreeMap<>();
    e.getLabels().forEach((k, v) -> labels.put(k.toString(), v.toString()));
    // alertname and severity are what receivers and inhibition rules match on, as in Alertmanager.
    labels.putIfAbsent("alertname", e.getRuleId().toString());
    labels.putIfAbsent("severity", e.getSeverity().name());
    Map<String, String> annotations = new TreeMap<>();
    e.getAnnotations().forEach((k, v) -> annotations.put(k.toString(), v.toString()));
    return new Alert(e.getTenant().toString(), e.getFingerprint().toString(), e.getRuleId().toString(),
        e.getStatus() == AlertStatus.firing, e.getSeverity().name(), labels, annotations, e.getValue(),
        e.getThreshold(), e.getStartsAt(), e.getEndsAt(), e.getUpdatedAt());
  }

  public String status() {
    return firing ? "firing" : "resolved";
  }
}

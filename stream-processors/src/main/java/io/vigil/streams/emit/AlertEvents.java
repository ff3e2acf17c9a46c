package io.vigil.streams.emit;

import io.vigil.schemas.avro.AlertEvent;
import io.vigil.schemas.avro.AlertRule;
import io.vigil.streams.rules.Observation;
import io.vigil.streams.rules.Templates;
import io.vigil.streams.rules.Transition;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Builds the published {@link AlertEvent} of a transition: labels, rendered annotations, times, generator. */
public final class AlertEvents {
  private AlertEvents() {}

  /** The labels an alert carries: the series' identity and enrichment, the rule's labels, alertname and severity. */
  public static Map<String, String> alertLabels(AlertRule rule, Observation o) {
    Map<String, String> labels = new TreeMap<>(o.identity());
    for (String k : new String[] {"room", "stream_name", "node_id", "tenant", "status", "state"}) {
      String v = o.labels().get(k);
      if (v != null) {
        labels.put(k, v);
      }
    }
    labels.putAll(rule.getLabels());
    labels.put("alertname", rule.getName());
    labels.put("severity", rule.getSeverity().name());
    if (rule.getGroup() != null) {
      labels.put("rule_group", rule.getGroup());
    }
    return labels;
  }

  public static AlertEvent build(AlertRule rule, String fingerprint, Map<String, String> labels, Transition t) {
    Map<String, String> annotations = new HashMap<>();
    rule.getAnnotations().forEach((k, v) -> annotations.put(k, Templates.render(v, labels, t.value(), rule.getThreshold())));
    return AlertEvent.newBuilder()
        // Deterministic: a replayed transition carries the same id, so downstream can de-duplicate.
        .setEventId(UUID.nameUUIDFromBytes((fingerprint + "|" + t.status() + "|" + t.startsAt() + "|" + t.at())
            .getBytes()).toString())
        .setTenant(labels.getOrDefault("tenant", rule.getTenant()))
        .setFingerprint(fingerprint)
        .setRuleId(rule.getRuleId())
        .setStatus(t.status())
        .setSeverity(rule.getSeverity())
        .setLabels(labels)
        .setAnnotations(annotations)
        .setValue(t.value())
        .setThreshold(rule.getThreshold())
        .setStartsAt(Instant.ofEpochMilli(t.startsAt()))
        .setEndsAt(t.endsAt() == null ? null : Instant.ofEpochMilli(t.endsAt()))
        .setUpdatedAt(Instant.ofEpochMilli(t.at()))
        .setGenerator(rule.getVersion())
        .build();
  }
}

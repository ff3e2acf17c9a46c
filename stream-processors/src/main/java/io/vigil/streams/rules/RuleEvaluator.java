package io.vigil.streams.rules;

import io.vigil.schemas.avro.AlertRule;
import io.vigil.schemas.avro.RuleSource;

/** Pure: does a rule apply to an observation, which value does it read, and does the condition hold. */
public final class RuleEvaluator {
  private RuleEvaluator() {}

  public static boolean applies(AlertRule rule, Observation o) {
    if (!rule.getEnabled() || !rule.getSource().name().equals(o.source())) {
      return false;
    }
    if (rule.getSource() == RuleSource.metrics && !rule.getMetric().equals(o.labels().get("name"))) {
      return false;
    }
    if (rule.getWindow() != null && !rule.getWindow().equals(o.labels().get("window"))) {
      return false;
    }
    return LabelMatchers.matchAll(rule.getMatchers(), o.labels());
  }

  /** The value the rule compares, or null when this observation carries none (the rule then skips it). */
  public static Double value(AlertRule rule, Observation o) {
    boolean window = rule.getSource() == RuleSource.quality_window || rule.getSource() == RuleSource.health_window;
    String key = window ? rule.getMetric() + ":" + rule.getAggregation().name() : rule.getMetric();
    return o.metrics().apply(key);
  }

  public static boolean condition(AlertRule rule, Double value) {
    return value != null && !value.isNaN() && Comparison.holds(rule.getOp(), value, rule.getThreshold());
  }
}

package io.vigil.streams.rules;

import io.vigil.schemas.avro.Aggregation;
import io.vigil.schemas.avro.AlertRule;
import io.vigil.schemas.avro.RuleSource;

/** Pure: does a rule apply to an observation, which value does it read, and does the condition hold. */
public final class RuleEvaluator {
  private RuleEvaluator() {}

  /**
   * Whether the rule is an aggregate rule evaluated on closed windows. A {@code metrics} rule is one when it names an
   * aggregation other than {@code last} or a window: it then reads the 1-minute metric windows, otherwise each sample.
   */
  public static boolean onWindows(AlertRule rule) {
    return switch (rule.getSource()) {
      case quality_window, health_window -> true;
      case metrics -> rule.getAggregation() != Aggregation.last || rule.getWindow() != null;
      default -> false;
    };
  }

  /** The observation source a rule reads: its own source, or {@link Observations#METRIC_WINDOW} for metric windows. */
  public static String observedSource(AlertRule rule) {
    return rule.getSource() == RuleSource.metrics && onWindows(rule) ? Observations.METRIC_WINDOW
        : rule.getSource().name();
  }

  /** The rule source whose rules may read observations of {@code observationSource}. */
  public static RuleSource ruleSource(String observationSource) {
    return Observations.METRIC_WINDOW.equals(observationSource) ? RuleSource.metrics
        : RuleSource.valueOf(observationSource);
  }

  public static boolean applies(AlertRule rule, Observation o) {
    if (!rule.getEnabled() || !observedSource(rule).equals(o.source())) {
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
    String key = onWindows(rule) ? rule.getMetric() + ":" + rule.getAggregation().name() : rule.getMetric();
    return o.metrics().apply(key);
  }

  public static boolean condition(AlertRule rule, Double value) {
    return value != null && !value.isNaN() && Comparison.holds(rule.getOp(), value, rule.getThreshold());
  }
}

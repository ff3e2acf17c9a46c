package io.vigil.schemas.rules;

import io.vigil.schemas.avro.Aggregation;
import io.vigil.schemas.avro.RuleSource;

/**
 * Pure checks of which aggregation and window a rule source admits, part of the AlertRule contract: the rule-file
 * checker (line-precise errors), the Streams app's check of rules arriving on the rules topic and the API's rule
 * validation all ask here, so a rule the API accepts is one the engine evaluates. Returns the problem, or null.
 */
public final class RuleShape {
  private RuleShape() {}

  /**
   * Aggregations other than {@code last} need windows: quality_window, health_window, or metrics (1-minute metric
   * windows). {@code rate} needs a counter, and only metric samples say they are one: quality and health window
   * fields are per-interval values or gauges, where a falling value is not a reset.
   */
  public static String aggregationProblem(RuleSource source, Aggregation aggregation) {
    boolean windowSource = source == RuleSource.quality_window || source == RuleSource.health_window;
    if (aggregation == Aggregation.rate && source != RuleSource.metrics) {
      return "aggregation 'rate' needs a counter: use it with source metrics on a counter metric (per-second increase"
          + " over the 1-minute window, resets handled); " + source + " fields are per-interval values or gauges"
          + " (use avg, min, max, p95 or count)";
    }
    if (aggregation != Aggregation.last && !windowSource && source != RuleSource.metrics) {
      return "aggregation '" + aggregation + "' needs a window source (quality_window, health_window, or metrics for"
          + " 1-minute metric windows)";
    }
    return null;
  }

  /** Window sources take 10s or 1m, metric windows are 1m only; instant sources have none. */
  public static String windowProblem(RuleSource source, String window) {
    if (window == null) {
      return null;
    }
    return switch (source) {
      case quality_window, health_window -> window.equals("10s") || window.equals("1m") ? null
          : "window must be 10s or 1m, got '" + window + "'";
      case metrics -> window.equals("1m") ? null : "metric windows are 1m, got '" + window + "'";
      default -> "'window' only applies to window sources (quality_window, health_window) and metrics";
    };
  }
}

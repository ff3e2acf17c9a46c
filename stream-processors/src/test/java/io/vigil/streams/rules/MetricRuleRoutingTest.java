package io.vigil.streams.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.schemas.avro.Aggregation;
import io.vigil.schemas.avro.AlertRule;
import io.vigil.schemas.avro.CompareOp;
import io.vigil.schemas.avro.RuleSource;
import io.vigil.streams.validate.SampleChecks;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Metrics rules with an aggregation or a window read the 1-minute metric windows; misshapen ones are refused. */
class MetricRuleRoutingTest {
  private static AlertRule rule(RuleSource source, Aggregation agg, String window) {
    return AlertRule.newBuilder().setRuleId("r").setName("R").setSource(source).setMetric("m").setAggregation(agg)
        .setWindow(window).setOp(CompareOp.gt).setThreshold(1).build();
  }

  @Test
  void metricsRulesWithAnAggregationOrWindowReadWindows() {
    assertThat(RuleEvaluator.onWindows(rule(RuleSource.metrics, Aggregation.last, null))).isFalse();
    assertThat(RuleEvaluator.onWindows(rule(RuleSource.metrics, Aggregation.last, "1m"))).isTrue();
    assertThat(RuleEvaluator.onWindows(rule(RuleSource.metrics, Aggregation.p95, null))).isTrue();
    assertThat(RuleEvaluator.observedSource(rule(RuleSource.metrics, Aggregation.rate, null)))
        .isEqualTo(Observations.METRIC_WINDOW);
    assertThat(RuleEvaluator.ruleSource(Observations.METRIC_WINDOW)).isEqualTo(RuleSource.metrics);
  }

  @Test
  void rulesFromTheTopicWithRateOnANonCounterSourceAreInvalid() {
    SampleChecks checks = new SampleChecks(Duration.ofHours(24), Duration.ofMinutes(5));
    assertThat(checks.rule(rule(RuleSource.health_window, Aggregation.rate, "1m"))).singleElement().asString()
        .contains("needs a counter");
    assertThat(checks.rule(rule(RuleSource.metrics, Aggregation.avg, "10s"))).singleElement().asString()
        .contains("metric windows are 1m");
    assertThat(checks.rule(rule(RuleSource.metrics, Aggregation.rate, "1m"))).isEmpty();
  }
}

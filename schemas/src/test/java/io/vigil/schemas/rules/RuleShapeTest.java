package io.vigil.schemas.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.schemas.avro.Aggregation;
import io.vigil.schemas.avro.RuleSource;
import org.junit.jupiter.api.Test;

/** Which aggregations and windows each rule source admits (rule files, the rules topic, the API all ask this). */
class RuleShapeTest {
  @Test
  void rateOnlyOnMetrics() {
    assertThat(RuleShape.aggregationProblem(RuleSource.metrics, Aggregation.rate)).isNull();
    for (RuleSource s : RuleSource.values()) {
      if (s != RuleSource.metrics) {
        assertThat(RuleShape.aggregationProblem(s, Aggregation.rate)).as("%s", s).contains("needs a counter");
      }
    }
  }

  @Test
  void aggregationsOtherThanLastNeedAWindowSource() {
    assertThat(RuleShape.aggregationProblem(RuleSource.quality, Aggregation.avg)).contains("needs a window source");
    assertThat(RuleShape.aggregationProblem(RuleSource.quality_window, Aggregation.p95)).isNull();
    assertThat(RuleShape.aggregationProblem(RuleSource.metrics, Aggregation.max)).isNull();
    assertThat(RuleShape.aggregationProblem(RuleSource.health, Aggregation.last)).isNull();
  }

  @Test
  void windowsBySource() {
    assertThat(RuleShape.windowProblem(RuleSource.quality_window, "10s")).isNull();
    assertThat(RuleShape.windowProblem(RuleSource.health_window, "1m")).isNull();
    assertThat(RuleShape.windowProblem(RuleSource.health_window, "5m")).contains("10s or 1m");
    assertThat(RuleShape.windowProblem(RuleSource.metrics, "10s")).contains("metric windows are 1m");
    assertThat(RuleShape.windowProblem(RuleSource.quality, "1m")).contains("only applies to window sources");
    assertThat(RuleShape.windowProblem(RuleSource.quality, null)).isNull();
  }
}

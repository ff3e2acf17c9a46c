package io.vigil.queryapi.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleValidatorTest {
  static Map<String, Object> rule() {
    Map<String, Object> r = new HashMap<>();
    r.put("name", "FFmpeg CPU");
    r.put("source", "health");
    r.put("metric", "cpu_pct");
    r.put("op", "gt");
    r.put("threshold", 80);
    r.put("for_s", 600);
    return r;
  }

  @Test
  void appliesDefaults() {
    Map<String, Object> v = RuleValidator.validate("cpu", rule());
    assertThat(v).containsEntry("aggregation", "last").containsEntry("severity", "warning")
        .containsEntry("enabled", true).containsEntry("threshold", 80.0).containsEntry("for_s", 600L);
  }

  @Test
  void metricsSourceAcceptsAnyPrometheusName() {
    Map<String, Object> r = rule();
    r.put("source", "metrics");
    r.put("metric", "real_time_factor");
    assertThat(RuleValidator.validate("rtf", r)).containsEntry("metric", "real_time_factor");
    r.put("metric", "bad name");
    assertThatThrownBy(() -> RuleValidator.validate("rtf", r)).extracting("param").isEqualTo("metric");
  }

  @Test
  void aggregationAndWindowMustSuitTheSourceAsTheEngineRequires() {
    Map<String, Object> rate = rule();
    rate.put("source", "health_window");
    rate.put("aggregation", "rate");
    assertThatThrownBy(() -> RuleValidator.validate("x", rate)).extracting("param").isEqualTo("aggregation");
    Map<String, Object> instantAvg = rule();
    instantAvg.put("aggregation", "avg");
    assertThatThrownBy(() -> RuleValidator.validate("x", instantAvg)).extracting("param").isEqualTo("aggregation");
    Map<String, Object> metricWindow = rule();
    metricWindow.put("source", "metrics");
    metricWindow.put("metric", "dropped_chunks_total");
    metricWindow.put("aggregation", "rate");
    metricWindow.put("window", "10s");
    assertThatThrownBy(() -> RuleValidator.validate("x", metricWindow)).extracting("param").isEqualTo("window");
    metricWindow.put("window", "1m");
    assertThat(RuleValidator.validate("x", metricWindow)).containsEntry("aggregation", "rate")
        .containsEntry("window", "1m");
  }

  @Test
  void eachMistakeNamesItsField() {
    Map<String, Object> r = rule();
    r.put("metric", "loss_pct");
    assertThatThrownBy(() -> RuleValidator.validate("x", r)).extracting("param").isEqualTo("metric");
    Map<String, Object> neg = rule();
    neg.put("keep_firing_for_s", -1);
    assertThatThrownBy(() -> RuleValidator.validate("x", neg)).extracting("param").isEqualTo("keep_firing_for_s");
    Map<String, Object> op = rule();
    op.put("op", ">");
    assertThatThrownBy(() -> RuleValidator.validate("x", op)).extracting("param").isEqualTo("op");
    Map<String, Object> re = rule();
    re.put("matchers", List.of(Map.of("label", "node_id", "value", "ok"), Map.of("label", "a", "op", "re",
        "value", "(unclosed")));
    assertThatThrownBy(() -> RuleValidator.validate("x", re)).extracting("param")
        .isEqualTo("matchers[1].value");
    assertThatThrownBy(() -> RuleValidator.validate("bad id!", rule())).extracting("param").isEqualTo("rule_id");
    Map<String, Object> th = rule();
    th.put("threshold", "high");
    assertThatThrownBy(() -> RuleValidator.validate("x", th)).extracting("param").isEqualTo("threshold");
  }
}

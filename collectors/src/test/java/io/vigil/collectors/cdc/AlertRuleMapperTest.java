package io.vigil.collectors.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.schemas.avro.Aggregation;
import io.vigil.schemas.avro.AlertRule;
import io.vigil.schemas.avro.MatchOp;
import io.vigil.schemas.avro.RuleSource;
import io.vigil.schemas.avro.Severity;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertRuleMapperTest {
  private final AlertRuleMapper mapper = new AlertRuleMapper();

  private static Map<String, Object> row() {
    Map<String, Object> r = new HashMap<>();
    r.put("rule_id", "mos-low");
    r.put("tenant", "acme");
    r.put("name", "MOS below 3.5");
    r.put("enabled", true);
    r.put("source", "quality_window");
    r.put("metric", "mos_avg");
    r.put("aggregation", "min");
    r.put("window", "1m");
    r.put("op", "lt");
    r.put("threshold", 3.5);
    r.put("for_s", 60L);
    r.put("keep_firing_for_s", 30L);
    r.put("absent_for_s", 120L);
    r.put("matchers", "[{\"label\":\"kind\",\"op\":\"=\",\"value\":\"audio\"},{\"label\":\"room\",\"op\":\"!~\",\"value\":\"test-.*\"}]");
    r.put("group_name", "quality");
    r.put("severity", "warning");
    r.put("labels", "{\"team\":\"media\"}");
    r.put("annotations", "{\"summary\":\"MOS {{ $value }}\"}");
    r.put("version", 3L);
    return r;
  }

  private static RowChange change(RowChange.Op op, Map<String, Object> after) {
    return new RowChange("public.alert_rules", op, Map.of("rule_id", "mos-low"), null, after, 10L, null);
  }

  @Test
  void everyColumnReachesTheRule() {
    AlertRule r = mapper.map(change(RowChange.Op.CREATE, row()));
    assertThat(r.getRuleId()).isEqualTo("mos-low");
    assertThat(r.getTenant()).isEqualTo("acme");
    assertThat(r.getSource()).isEqualTo(RuleSource.quality_window);
    assertThat(r.getAggregation()).isEqualTo(Aggregation.min);
    assertThat(r.getWindow()).isEqualTo("1m");
    assertThat(r.getThreshold()).isEqualTo(3.5);
    assertThat(r.getForS()).isEqualTo(60L);
    assertThat(r.getKeepFiringForS()).isEqualTo(30L);
    assertThat(r.getAbsentForS()).isEqualTo(120L);
    assertThat(r.getMatchers()).extracting(m -> m.getLabel() + " " + m.getOp() + " " + m.getValue())
        .containsExactly("kind eq audio", "room nre test-.*");
    assertThat(r.getGroup()).isEqualTo("quality");
    assertThat(r.getSeverity()).isEqualTo(Severity.warning);
    assertThat(r.getLabels()).containsExactlyEntriesOf(Map.of("team", "media"));
    assertThat(r.getVersion()).isEqualTo(3L);
  }

  @Test
  void missingOptionalColumnsTakeTheSchemaDefaults() {
    Map<String, Object> r = row();
    r.keySet().retainAll(java.util.Set.of("rule_id", "name", "source", "metric", "op", "threshold"));
    AlertRule rule = mapper.map(change(RowChange.Op.UPDATE, r));
    assertThat(rule.getEnabled()).isTrue();
    assertThat(rule.getAggregation()).isEqualTo(Aggregation.last);
    assertThat(rule.getSeverity()).isEqualTo(Severity.warning);
    assertThat(rule.getMatchers()).isEmpty();
    assertThat(rule.getAbsentForS()).isNull();
    assertThat(rule.getTenant()).isEqualTo("default");
  }

  @Test
  void invalidValuesAreBadChanges() {
    Map<String, Object> badOp = row();
    badOp.put("op", "approximately");
    assertThatThrownBy(() -> mapper.map(change(RowChange.Op.CREATE, badOp))).isInstanceOf(BadChangeException.class)
        .hasMessageContaining("approximately");
    Map<String, Object> badJson = row();
    badJson.put("matchers", "{not json");
    assertThatThrownBy(() -> mapper.map(change(RowChange.Op.CREATE, badJson))).isInstanceOf(BadChangeException.class)
        .hasMessageContaining("matchers");
    Map<String, Object> noThreshold = row();
    noThreshold.remove("threshold");
    assertThatThrownBy(() -> mapper.map(change(RowChange.Op.CREATE, noThreshold))).isInstanceOf(BadChangeException.class);
  }

  @Test
  void deleteIsRoutedAsTombstoneKeyedByRuleId() {
    ChangeRouter router = new ChangeRouter(Map.of("public.alert_rules", new TableRoute.AlertRules("public.alert_rules")),
        "lc", "rules", new LifecycleMapper("n", "default"));
    RowChange delete = new RowChange("public.alert_rules", RowChange.Op.DELETE, Map.of("rule_id", "mos-low"),
        Map.of("rule_id", "mos-low", "name", ""), null, 11L, null);
    OutputRecord out = router.route(delete).orElseThrow();
    assertThat(out.topic()).isEqualTo("rules");
    assertThat(out.key()).isEqualTo("mos-low");
    assertThat(out.value()).isNull();
    assertThat(out.eventId()).isEqualTo(EventIds.of("public.alert_rules", Map.of("rule_id", "mos-low"), 11L));
  }

  @Test
  void matcherOpsAcceptPrometheusSpelling() {
    assertThat(AlertRuleMapper.matchOp("=~")).isEqualTo(MatchOp.re);
    assertThat(AlertRuleMapper.matchOp("!=")).isEqualTo(MatchOp.ne);
    assertThatThrownBy(() -> AlertRuleMapper.matchOp("~~")).isInstanceOf(BadChangeException.class);
  }
}

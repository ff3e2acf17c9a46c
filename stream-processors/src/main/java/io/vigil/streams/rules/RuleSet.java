package io.vigil.streams.rules;

import io.vigil.schemas.avro.AlertRule;
import io.vigil.schemas.avro.RuleSource;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The rules in force, as the evaluator needs them. */
public interface RuleSet {
  List<AlertRule> forSource(RuleSource source);

  /** The enabled rule with this id, or null when it was deleted or disabled. */
  AlertRule enabled(String ruleId);

  /** A fixed set, for rule-file tests. */
  static RuleSet of(Collection<AlertRule> rules) {
    Map<String, AlertRule> byId = rules.stream().collect(Collectors.toMap(AlertRule::getRuleId, r -> r, (a, b) -> b));
    return new RuleSet() {
      @Override
      public List<AlertRule> forSource(RuleSource source) {
        return byId.values().stream().filter(r -> r.getEnabled() && r.getSource() == source).toList();
      }

      @Override
      public AlertRule enabled(String ruleId) {
        AlertRule r = byId.get(ruleId);
        return r != null && r.getEnabled() ? r : null;
      }
    };
  }
}

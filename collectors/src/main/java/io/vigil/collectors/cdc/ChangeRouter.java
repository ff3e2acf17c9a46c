package io.vigil.collectors.cdc;

import io.vigil.schemas.avro.LifecycleEvent;
import java.util.Map;
import java.util.Optional;

/** Routes a row change to the output record its table is configured for; heartbeat and unknown tables give nothing. */
public final class ChangeRouter {
  private final Map<String, TableRoute> routes;
  private final String lifecycleTopic;
  private final String alertRulesTopic;
  private final LifecycleMapper lifecycle;
  private final AlertRuleMapper rules = new AlertRuleMapper();
  private final StreamIdMemory streamIds = new StreamIdMemory(100_000);

  public ChangeRouter(Map<String, TableRoute> routes, String lifecycleTopic, String alertRulesTopic, LifecycleMapper lifecycle) {
    this.routes = Map.copyOf(routes);
    this.lifecycleTopic = lifecycleTopic;
    this.alertRulesTopic = alertRulesTopic;
    this.lifecycle = lifecycle;
  }

  /** @throws BadChangeException when the row cannot be mapped */
  public Optional<OutputRecord> route(RowChange change) {
    TableRoute route = routes.get(change.table());
    if (route == null) {
      return Optional.empty();
    }
    if (route instanceof TableRoute.AlertRules) {
      String ruleId = rules.ruleId(change);
      String eventId = EventIds.of(change.table(), change.key().isEmpty() ? Map.of("rule_id", ruleId) : change.key(), change.lsn());
      return Optional.of(new OutputRecord(alertRulesTopic, ruleId,
          change.op() == RowChange.Op.DELETE ? null : rules.map(change), eventId, change.lsn(), change.table(), change.op()));
    }
    if (route instanceof TableRoute.Lifecycle l) {
      LifecycleEvent e = lifecycle.map(change, l.mapping(), id -> streamIds.recall(change.table(), id));
      if (change.op() == RowChange.Op.DELETE) {
        streamIds.forget(change.table(), e.getEntityId());
      } else {
        streamIds.remember(change.table(), e.getEntityId(), e.getStreamId());
      }
      return Optional.of(new OutputRecord(lifecycleTopic, e.getStreamId(), e, e.getEventId(), change.lsn(), change.table(), change.op()));
    }
    return Optional.empty(); // heartbeat table
  }
}

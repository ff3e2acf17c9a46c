package io.vigil.streams.topology;

import io.vigil.schemas.avro.AlertRule;
import io.vigil.schemas.avro.RuleSource;
import io.vigil.streams.validate.PipelineCounters;
import io.vigil.streams.validate.SampleChecks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules in force for one task: the start-up pack (default rules plus an optional file) overlaid by the rules on
 * the compacted rules topic (same id wins; tombstone removes the topic's version). Refreshed from the global store on
 * every punctuation, decoding only records whose bytes changed, so rule edits apply within a second without restart.
 */
public final class RuleBook implements io.vigil.streams.rules.RuleSet {
  private static final Logger LOG = LoggerFactory.getLogger(RuleBook.class);

  private final Map<String, AlertRule> startup;
  private final Deserializer<AlertRule> decoder;
  private final SampleChecks checks;
  private final PipelineCounters counters;
  private final Map<String, byte[]> rawSeen = new HashMap<>();
  private final Map<String, AlertRule> fromTopic = new HashMap<>();
  private Map<String, AlertRule> byId = Map.of();
  private Map<RuleSource, List<AlertRule>> bySource = Map.of();

  public RuleBook(Collection<AlertRule> startup, Deserializer<AlertRule> decoder, SampleChecks checks,
                  PipelineCounters counters) {
    this.startup = new LinkedHashMap<>();
    startup.forEach(r -> this.startup.put(r.getRuleId(), r));
    this.decoder = decoder;
    this.checks = checks;
    this.counters = counters;
    rebuild();
  }

  /** Re-reads the global rules store; cheap when nothing changed (byte comparison only). */
  public void refresh(ReadOnlyKeyValueStore<String, byte[]> store) {
    boolean changed = false;
    Map<String, byte[]> now = new HashMap<>();
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      while (it.hasNext()) {
        var kv = it.next();
        now.put(kv.key, kv.value);
      }
    }
    for (var e : now.entrySet()) {
      byte[] before = rawSeen.get(e.getKey());
      if (before != null && Arrays.equals(before, e.getValue())) {
        continue;
      }
      changed = true;
      rawSeen.put(e.getKey(), e.getValue());
      AlertRule rule = decode(e.getKey(), e.getValue());
      if (rule == null) {
        fromTopic.remove(e.getKey());
      } else {
        fromTopic.put(e.getKey(), rule);
      }
    }
    for (String gone : new ArrayList<>(rawSeen.keySet())) {
      if (!now.containsKey(gone)) {
        rawSeen.remove(gone);
        fromTopic.remove(gone);
        changed = true;
        LOG.info("rule {} deleted", gone);
      }
    }
    if (changed) {
      rebuild();
    }
  }

  private AlertRule decode(String key, byte[] bytes) {
    try {
      AlertRule rule = decoder.deserialize("vigil.alert-rules.v1", bytes);
      List<String> problems = checks.rule(rule);
      if (!problems.isEmpty() || !rule.getRuleId().equals(key)) {
        counters.increment(PipelineCounters.Series.rulesRejected("invalid"));
        LOG.warn("ignoring invalid rule {}: {}", key, problems.isEmpty() ? "key differs from rule_id" : problems);
        return null;
      }
      LOG.info("rule {} v{} loaded ({}, enabled={})", key, rule.getVersion(), rule.getName(), rule.getEnabled());
      return rule;
    } catch (RuntimeException e) {
      counters.increment(PipelineCounters.Series.rulesRejected("undecodable"));
      LOG.warn("ignoring undecodable rule {}: {}", key, e.getMessage());
      return null;
    }
  }

  private void rebuild() {
    Map<String, AlertRule> all = new LinkedHashMap<>(startup);
    all.putAll(fromTopic);
    Map<RuleSource, List<AlertRule>> grouped = new EnumMap<>(RuleSource.class);
    for (AlertRule r : all.values()) {
      if (r.getEnabled()) {
        grouped.computeIfAbsent(r.getSource(), s -> new ArrayList<>()).add(r);
      }
    }
    byId = all;
    bySource = grouped;
  }

  @Override
  public List<AlertRule> forSource(RuleSource source) {
    return bySource.getOrDefault(source, List.of());
  }

  @Override
  public AlertRule enabled(String ruleId) {
    AlertRule r = byId.get(ruleId);
    return r != null && r.getEnabled() ? r : null;
  }

  public int size() {
    return byId.size();
  }
}

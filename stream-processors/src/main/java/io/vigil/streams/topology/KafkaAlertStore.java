package io.vigil.streams.topology;

import io.vigil.streams.rules.AlertState;
import io.vigil.streams.rules.AlertStore;
import io.vigil.streams.store.WriteBehindStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Alert states in a task's write-behind store (changelogged, so they survive restarts and move with the task): reads
 * are in memory, each changed state is written once per commit. Also counts tracked series per rule, so a sample whose
 * condition is false for a rule with no tracked series skips the fingerprint and the lookup.
 */
final class KafkaAlertStore implements AlertStore {
  static final WriteBehindStore.Codec<AlertState> CODEC = new WriteBehindStore.Codec<>() {
    @Override
    public byte[] encode(String key, AlertState value) {
      return value.toBytes();
    }

    @Override
    public AlertState decode(String key, byte[] bytes) {
      return AlertState.fromBytes(bytes);
    }
  };

  private final WriteBehindStore<AlertState> store;
  private final Map<String, Integer> perRule = new HashMap<>();

  KafkaAlertStore(WriteBehindStore<AlertState> store) {
    this.store = store;
    store.attach();
    for (var e : store.entries()) {
      perRule.merge(e.getValue().ruleId, 1, Integer::sum);
    }
  }

  @Override
  public AlertState get(String fingerprint) {
    return store.get(fingerprint); // callers never mutate it: the state machine works on a copy
  }

  @Override
  public void put(String fingerprint, AlertState state) {
    AlertState before = store.get(fingerprint);
    if (before == null) {
      perRule.merge(state.ruleId, 1, Integer::sum);
    } else if (!before.ruleId.equals(state.ruleId)) {
      untrack(before.ruleId);
      perRule.merge(state.ruleId, 1, Integer::sum);
    }
    store.put(fingerprint, state);
  }

  @Override
  public void delete(String fingerprint) {
    AlertState before = store.get(fingerprint);
    if (before != null) {
      untrack(before.ruleId);
    }
    store.delete(fingerprint);
  }

  @Override
  public boolean tracksRule(String ruleId) {
    return perRule.containsKey(ruleId);
  }

  @Override
  public Collection<Map.Entry<String, AlertState>> all() {
    return store.entries(); // a view of the decoded states: ticking 20,000 series copies none of them
  }

  private void untrack(String ruleId) {
    perRule.computeIfPresent(ruleId, (k, n) -> n <= 1 ? null : n - 1);
  }
}

package io.vigil.streams.rules;

import java.util.Collection;
import java.util.Map;

/** Where alert states live: a Kafka Streams store in the topology, a map in rule-file tests. */
public interface AlertStore {
  AlertState get(String fingerprint);

  void put(String fingerprint, AlertState state);

  void delete(String fingerprint);

  /** False only when no series of this rule is tracked (then an observation with a false condition changes nothing). */
  default boolean tracksRule(String ruleId) {
    return true;
  }

  /** Every tracked series, as stored: do not modify the states, nor the store while iterating. */
  Collection<Map.Entry<String, AlertState>> all();

  /** In-memory store. */
  static AlertStore inMemory() {
    Map<String, AlertState> map = new java.util.TreeMap<>();
    return new AlertStore() {
      public AlertState get(String fp) {
        return map.get(fp);
      }

      public void put(String fp, AlertState s) {
        map.put(fp, s);
      }

      public void delete(String fp) {
        map.remove(fp);
      }

      public Collection<Map.Entry<String, AlertState>> all() {
        return java.util.Collections.unmodifiableMap(map).entrySet();
      }
    };
  }
}

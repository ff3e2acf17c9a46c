package io.vigil.streams.rules;

import java.util.List;
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

  /** A snapshot of every tracked series (safe to modify the store while iterating it). */
  List<Map.Entry<String, AlertState>> all();

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

      public List<Map.Entry<String, AlertState>> all() {
        return List.copyOf(map.entrySet());
      }
    };
  }
}

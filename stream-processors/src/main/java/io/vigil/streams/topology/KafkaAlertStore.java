package io.vigil.streams.topology;

import io.vigil.streams.rules.AlertState;
import io.vigil.streams.rules.AlertStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** Alert states in a task's key-value store (changelogged, so they survive restarts and move with the task). */
final class KafkaAlertStore implements AlertStore {
  private final KeyValueStore<String, byte[]> store;

  KafkaAlertStore(KeyValueStore<String, byte[]> store) {
    this.store = store;
  }

  @Override
  public AlertState get(String fingerprint) {
    byte[] b = store.get(fingerprint);
    return b == null ? null : AlertState.fromBytes(b);
  }

  @Override
  public void put(String fingerprint, AlertState state) {
    store.put(fingerprint, state.toBytes());
  }

  @Override
  public void delete(String fingerprint) {
    store.delete(fingerprint);
  }

  @Override
  public List<Map.Entry<String, AlertState>> all() {
    List<Map.Entry<String, AlertState>> out = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      it.forEachRemaining(kv -> out.add(Map.entry(kv.key, AlertState.fromBytes(kv.value))));
    }
    return out;
  }
}

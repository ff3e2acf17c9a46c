package io.vigil.collectors.cdc;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers the stream of recently seen sessions and consumers, so their deletes (which without REPLICA IDENTITY FULL
 * carry only the primary key) still land under the right stream key. Bounded: the oldest entries are forgotten.
 */
final class StreamIdMemory {
  private final Map<String, String> byEntity;

  StreamIdMemory(int capacity) {
    this.byEntity = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
        return size() > capacity;
      }
    };
  }

  synchronized void remember(String table, String entityId, String streamId) {
    byEntity.put(table + '|' + entityId, streamId);
  }

  synchronized Optional<String> recall(String table, String entityId) {
    return Optional.ofNullable(byEntity.get(table + '|' + entityId));
  }

  synchronized void forget(String table, String entityId) {
    byEntity.remove(table + '|' + entityId);
  }
}

package io.vigil.streams.store;

import java.util.List;

/** Decoded objects by key, as a processor sees its state: {@link WriteBehindStore} in the topology, a map in tests. */
public interface ObjectStore<V> {
  /** Loads the current content; called once by the processor in its init (after restoration). */
  void attach();

  /** The live object (mutate it, then {@link #put} it so the change is persisted). */
  V get(String key);

  void put(String key, V value);

  void delete(String key);

  /** Every key currently held (a snapshot: safe to modify the store while walking it). */
  List<String> keys();
}

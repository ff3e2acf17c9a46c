package io.vigil.streams.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A typed record cache in front of a changelogged RocksDB key-value store (String key, byte[] value), for state a
 * processor rewrites on every record (open window aggregates, alert states).
 *
 * <p>Reads and writes go to decoded objects in memory (a full mirror of the store, loaded when the processor attaches,
 * i.e. after restoration). Writes are only remembered as dirty; they are encoded and written to RocksDB and the
 * changelog once per commit, from {@link #flushCache()} - the hook Kafka Streams calls on every cached store before it
 * flushes the producer and commits the transaction (the same place its own record cache is flushed). So under
 * exactly_once_v2 the changelog holds exactly the state that belongs to the committed input offsets, while a key
 * updated by thousands of records per commit costs one encode, one RocksDB write and one changelog record instead
 * of thousands. A dirty close (crash, fencing) discards the unflushed writes together with the aborted transaction.
 * The byte format of the store is the codec's, so existing changelogs restore unchanged.
 */
public final class WriteBehindStore<V> implements StateStore, CachedStateStore<String, V>, ObjectStore<V> {
  /** Value encoding; the key is passed so one store may hold differently typed entries (e.g. a clock entry). */
  public interface Codec<V> {
    byte[] encode(String key, V value);

    V decode(String key, byte[] bytes);
  }

  private final KeyValueStore<String, byte[]> inner;
  private final Codec<V> codec;
  private final Map<String, V> mirror = new HashMap<>();
  /** Keys written since the last flush: value = the object to encode, or null for a delete. */
  private final Map<String, V> dirty = new LinkedHashMap<>();
  private boolean loaded;

  WriteBehindStore(KeyValueStore<String, byte[]> inner, Codec<V> codec) {
    this.inner = inner;
    this.codec = codec;
  }

  /** A builder for the topology: persistent (RocksDB, bounded by the config setter), changelogged, no byte cache. */
  public static <V> StoreBuilder<WriteBehindStore<V>> builder(String name, Codec<V> codec) {
    StoreBuilder<KeyValueStore<String, byte[]>> inner =
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
            .withCachingDisabled(); // this store is the cache: a second (byte) cache would only copy the values again
    return new Builder<>(inner, codec);
  }

  /**
   * Called by the processor in its init (after restoration): drops anything left in memory from a previous life of
   * the task (a standby's updates went straight to RocksDB) and loads the store's current content.
   */
  @Override
  public void attach() {
    dirty.clear();
    mirror.clear();
    try (KeyValueIterator<String, byte[]> it = inner.all()) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> kv = it.next();
        mirror.put(kv.key, codec.decode(kv.key, kv.value));
      }
    }
    loaded = true;
  }

  private void ensureLoaded() {
    if (!loaded) {
      attach();
    }
  }

  /** The live object (mutate it, then {@link #put} it so the change is written at the next commit). */
  @Override
  public V get(String key) {
    ensureLoaded();
    return mirror.get(key);
  }

  @Override
  public void put(String key, V value) {
    ensureLoaded();
    mirror.put(key, value);
    dirty.put(key, value);
  }

  @Override
  public void delete(String key) {
    ensureLoaded();
    if (mirror.remove(key) != null || dirty.containsKey(key)) {
      dirty.put(key, null);
    }
  }

  /** Every key currently held (a snapshot: safe to modify the store while walking it). */
  @Override
  public List<String> keys() {
    ensureLoaded();
    return new ArrayList<>(mirror.keySet());
  }

  public Set<Map.Entry<String, V>> entries() {
    ensureLoaded();
    return Collections.unmodifiableMap(mirror).entrySet();
  }

  public int size() {
    ensureLoaded();
    return mirror.size();
  }

  // --- Kafka Streams hooks ------------------------------------------------------------------------------------------

  /** Pre-commit: encode and write every dirty key once (RocksDB batch + changelog). */
  @Override
  public void flushCache() {
    if (dirty.isEmpty()) {
      return;
    }
    List<KeyValue<String, byte[]>> batch = new ArrayList<>(dirty.size());
    for (Map.Entry<String, V> e : dirty.entrySet()) {
      batch.add(KeyValue.pair(e.getKey(), e.getValue() == null ? null : codec.encode(e.getKey(), e.getValue())));
    }
    dirty.clear();
    inner.putAll(batch); // a null value deletes
  }

  @Override
  public void clearCache() {
    dirty.clear();
    mirror.clear();
    loaded = false;
  }

  @Override
  public boolean setFlushListener(CacheFlushListener<String, V> listener, boolean sendOldValues) {
    return false;
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    clearCache();
    inner.init(context, root);
  }

  @Override
  public void flush() {
    flushCache();
    inner.flush();
  }

  @Override
  public void commit(Map<TopicPartition, Long> changelogOffsets) {
    inner.commit(changelogOffsets);
  }

  @Override
  public Long committedOffset(TopicPartition partition) {
    return inner.committedOffset(partition);
  }

  @Override
  public boolean managesOffsets() {
    return inner.managesOffsets();
  }

  @Override
  public void close() {
    clearCache();
    inner.close();
  }

  @Override
  public boolean persistent() {
    return inner.persistent();
  }

  @Override
  public boolean isOpen() {
    return inner.isOpen();
  }

  @Override
  public Position getPosition() {
    return inner.getPosition();
  }

  private static final class Builder<V> implements StoreBuilder<WriteBehindStore<V>> {
    private final StoreBuilder<KeyValueStore<String, byte[]>> inner;
    private final Codec<V> codec;

    Builder(StoreBuilder<KeyValueStore<String, byte[]>> inner, Codec<V> codec) {
      this.inner = inner;
      this.codec = codec;
    }

    @Override
    public StoreBuilder<WriteBehindStore<V>> withCachingEnabled() {
      return this; // always: it is a cache
    }

    @Override
    public StoreBuilder<WriteBehindStore<V>> withCachingDisabled() {
      throw new UnsupportedOperationException("a write-behind store is a cache");
    }

    @Override
    public StoreBuilder<WriteBehindStore<V>> withLoggingEnabled(Map<String, String> config) {
      inner.withLoggingEnabled(config);
      return this;
    }

    @Override
    public StoreBuilder<WriteBehindStore<V>> withLoggingDisabled() {
      throw new UnsupportedOperationException("state must survive restarts: the changelog is required");
    }

    @Override
    public WriteBehindStore<V> build() {
      return new WriteBehindStore<>(inner.build(), codec);
    }

    @Override
    public Map<String, String> logConfig() {
      return inner.logConfig();
    }

    @Override
    public boolean loggingEnabled() {
      return inner.loggingEnabled();
    }

    @Override
    public String name() {
      return inner.name();
    }
  }
}

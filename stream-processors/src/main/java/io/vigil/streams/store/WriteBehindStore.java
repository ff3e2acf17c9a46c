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
 * State a processor rewrites on every record (open window aggregates, alert states), held as decoded objects in memory
 * and made durable by a changelog topic (String key, codec bytes).
 *
 * <p>The objects here are the store: the layer below ({@link ChangelogOnlyStore}) keeps no copy, it only hands over
 * what restoration read from the changelog, which {@link #attach()} applies. Writes are only remembered as dirty; they
 * are encoded and sent to the changelog once per commit, from {@link #flushCache()} - the hook Kafka Streams calls on
 * every cached store before it flushes the producer and commits the transaction (the same place its own record cache
 * is flushed). So under exactly_once_v2 the changelog holds exactly the state that belongs to the committed input
 * offsets, while a key updated by thousands of records per commit costs one encode and one changelog record instead of
 * thousands. A dirty close (crash, fencing) closes the store, and the next life restores from the changelog.
 * The byte format is the codec's, so changelogs written by earlier versions (over RocksDB) restore unchanged.
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

  /**
   * Changelog topic settings: segments roll and get compacted within minutes, and deletes (closed windows, forgotten
   * series) are dropped after 15 minutes instead of a day, so a restart replays about the live state, not a day of
   * writes. A restoration slower than 15 minutes could miss a delete; nothing here restores anywhere near that long.
   */
  public static final Map<String, String> CHANGELOG_CONFIG = Map.of(
      "segment.ms", String.valueOf(5 * 60_000),
      "segment.bytes", String.valueOf(64 << 20),
      "delete.retention.ms", String.valueOf(15 * 60_000));

  /**
   * A builder for the topology: changelogged ({@link #CHANGELOG_CONFIG}), kept in this store's memory only
   * ({@link ChangelogOnlyStore}: no RocksDB copy), no byte cache.
   */
  public static <V> StoreBuilder<WriteBehindStore<V>> builder(String name, Codec<V> codec) {
    StoreBuilder<KeyValueStore<String, byte[]>> inner =
        Stores.keyValueStoreBuilder(ChangelogOnlyStore.supplier(name), Serdes.String(), Serdes.ByteArray())
            .withCachingDisabled() // this store is the cache: a second (byte) cache would only copy the values again
            .withLoggingEnabled(CHANGELOG_CONFIG);
    return new Builder<>(inner, codec);
  }

  /**
   * Called by the processor in its init (after restoration): applies what restoration read since this store was
   * opened or last attached (a null value is a delete) on top of the objects held. A fresh store holds none; a task
   * recycled from active to standby and back keeps its objects and receives only the standby's updates.
   */
  @Override
  public void attach() {
    dirty.clear();
    try (KeyValueIterator<String, byte[]> it = inner.all()) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> kv = it.next();
        if (kv.value == null) {
          mirror.remove(kv.key);
        } else {
          mirror.put(kv.key, codec.decode(kv.key, kv.value));
        }
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

  /** Pre-commit: encode and send every dirty key to the changelog once. */
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

  /**
   * Kafka Streams calls this when it recycles a task between active and standby, after a commit: nothing is dirty
   * then, and the objects are the state, so they stay; the standby's updates are applied at the next attach.
   */
  @Override
  public void clearCache() {
    dirty.clear();
    loaded = false;
  }

  private void forget() {
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
    forget();
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
    forget();
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

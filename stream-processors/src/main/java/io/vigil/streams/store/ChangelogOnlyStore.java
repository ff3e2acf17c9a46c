package io.vigil.streams.store;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.BatchingStateRestoreCallback;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The bottom of a {@link WriteBehindStore}: a byte store that keeps nothing once its owner has loaded it, because the
 * owner already holds every value decoded in memory. Writes only reach the changelog (through the logging layer Kafka
 * Streams wraps around this store); restoration collects the changelog's records here until {@link #all()} hands them
 * to the owner, which then drains them.
 *
 * <p>A RocksDB store under the mirror cost a second copy of every window write: memtable inserts, a flush every few
 * megabytes and compactions of state that the next commit overwrites anyway - about a fifth of the Streams process's
 * CPU at 20,000 samples/s. Its only benefit, a restart after a clean shutdown without replaying the changelog, is
 * kept small by compacting these changelogs promptly (see {@link WriteBehindStore#CHANGELOG_CONFIG}).
 */
public final class ChangelogOnlyStore implements KeyValueStore<Bytes, byte[]> {
  private final String name;
  /** Restored records not yet handed to the owner, in changelog order (a null value is a delete). */
  private final Map<Bytes, byte[]> restored = new LinkedHashMap<>();
  /** Nothing is queryable here (interactive queries are not served from these stores), so the position stays empty. */
  private final Position position = Position.emptyPosition();
  private boolean open;

  ChangelogOnlyStore(String name) {
    this.name = name;
  }

  /** A supplier for {@code Stores.keyValueStoreBuilder}. */
  public static KeyValueBytesStoreSupplier supplier(String name) {
    return new KeyValueBytesStoreSupplier() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public KeyValueStore<Bytes, byte[]> get() {
        return new ChangelogOnlyStore(name);
      }

      @Override
      public String metricsScope() {
        return "changelog-only";
      }
    };
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    restored.clear();
    context.register(root, (BatchingStateRestoreCallback) this::restoreAll);
    open = true;
  }

  /** Deletes are kept (null values): the owner may hold the key from before, e.g. a task recycled via standby. */
  private void restoreAll(Collection<KeyValue<byte[], byte[]>> records) {
    for (KeyValue<byte[], byte[]> r : records) {
      restored.put(Bytes.wrap(r.key), r.value);
    }
  }

  /**
   * The restored records (null value = delete), once: the iterator removes each record it returns, so after the
   * owner's load this store holds nothing.
   */
  @Override
  public KeyValueIterator<Bytes, byte[]> all() {
    Iterator<Map.Entry<Bytes, byte[]>> it = restored.entrySet().iterator();
    return new KeyValueIterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public KeyValue<Bytes, byte[]> next() {
        Map.Entry<Bytes, byte[]> e = it.next();
        it.remove();
        return KeyValue.pair(e.getKey(), e.getValue());
      }

      @Override
      public Bytes peekNextKey() {
        throw new UnsupportedOperationException("peekNextKey");
      }

      @Override
      public void close() {
        // nothing held open
      }
    };
  }

  /** Only what restoration collected and nobody has loaded yet; written values are never kept. */
  @Override
  public byte[] get(Bytes key) {
    return restored.get(key);
  }

  @Override
  public void put(Bytes key, byte[] value) {
    restored.remove(key); // a write supersedes a restored value the owner has not loaded (never the case in use)
  }

  @Override
  public byte[] putIfAbsent(Bytes key, byte[] value) {
    byte[] old = restored.get(key);
    put(key, value);
    return old;
  }

  @Override
  public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
    if (!restored.isEmpty()) {
      for (KeyValue<Bytes, byte[]> e : entries) {
        restored.remove(e.key);
      }
    }
  }

  @Override
  public byte[] delete(Bytes key) {
    return restored.remove(key);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
    throw new UnsupportedOperationException("a changelog-only store is read whole, once, by its owner");
  }

  @Override
  public long approximateNumEntries() {
    return restored.size();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void close() {
    restored.clear();
    open = false;
  }

  @Override
  public boolean persistent() {
    return false;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public Position getPosition() {
    return position;
  }
}

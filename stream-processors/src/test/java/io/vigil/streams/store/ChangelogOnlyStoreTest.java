package io.vigil.streams.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.BatchingStateRestoreCallback;
import org.apache.kafka.streams.processor.StateRestoreCallback;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class ChangelogOnlyStoreTest {
  private BatchingStateRestoreCallback restore;

  /** A context that only records the restore callback the store registers (all a store's init needs of it here). */
  private StateStoreContext context() {
    return (StateStoreContext) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {StateStoreContext.class}, (proxy, method, args) -> {
          if (method.getName().equals("register")) {
            restore = (BatchingStateRestoreCallback) (StateRestoreCallback) args[1];
            return null;
          }
          throw new UnsupportedOperationException(method.getName());
        });
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static KeyValue<byte[], byte[]> rec(String key, String value) {
    return KeyValue.pair(b(key), value == null ? null : b(value));
  }

  private static Map<String, String> drain(KeyValueStore<Bytes, byte[]> store) {
    Map<String, String> out = new LinkedHashMap<>();
    try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
      it.forEachRemaining(kv -> out.put(new String(kv.key.get(), StandardCharsets.UTF_8),
          kv.value == null ? null : new String(kv.value, StandardCharsets.UTF_8)));
    }
    return out;
  }

  @Test
  void handsOverTheRestoredRecordsOnceWithTheirLatestValuesAndDeletes() {
    ChangelogOnlyStore store = new ChangelogOnlyStore("windows");
    store.init(context(), store);
    restore.restoreAll(List.of(rec("a", "1"), rec("b", "1"), rec("a", "2"), rec("c", "1")));
    restore.restoreAll(List.of(rec("b", null)));

    Map<String, String> first = drain(store);
    assertThat(first).containsOnlyKeys("a", "b", "c");
    assertThat(first.get("a")).isEqualTo("2");
    assertThat(first.get("b")).as("a delete is handed over too").isNull();
    assertThat(first.get("c")).isEqualTo("1");
    assertThat(drain(store)).as("nothing is kept after the hand-over").isEmpty();
    assertThat(store.approximateNumEntries()).isZero();
  }

  @Test
  void keepsNothingThatIsWritten() {
    ChangelogOnlyStore store = new ChangelogOnlyStore("windows");
    store.init(context(), store);
    store.put(Bytes.wrap(b("a")), b("1"));
    store.putAll(List.of(KeyValue.pair(Bytes.wrap(b("b")), b("1"))));
    assertThat(store.get(Bytes.wrap(b("a")))).isNull();
    assertThat(drain(store)).isEmpty();
    assertThat(store.persistent()).isFalse();
  }

  @Test
  void aReinitialisedStoreForgetsWhatTheLastLifeRestored() {
    ChangelogOnlyStore store = new ChangelogOnlyStore("windows");
    store.init(context(), store);
    restore.restoreAll(List.of(rec("a", "1")));
    store.close();
    store.init(context(), store);
    restore.restoreAll(List.of(rec("b", "1")));
    assertThat(drain(store)).containsOnlyKeys("b");
  }

  /** The write-behind store over this one: restoration, a recycle through standby, and the writes it sends down. */
  @Test
  void writeBehindStoreAppliesRestoredRecordsOnTopOfWhatItHolds() {
    ChangelogOnlyStore bottom = new ChangelogOnlyStore("windows");
    List<KeyValue<String, byte[]>> written = new ArrayList<>();
    WriteBehindStore<String> store = new WriteBehindStore<>(new StringKeys(bottom, written), new Utf8Codec());
    store.init(context(), store);

    restore.restoreAll(List.of(rec("a", "1"), rec("b", "1")));
    store.attach();
    assertThat(store.get("a")).isEqualTo("1");
    assertThat(store.keys()).containsExactlyInAnyOrder("a", "b");

    store.put("c", "1");
    store.delete("a");
    store.flushCache();
    assertThat(written).extracting(kv -> kv.key).containsExactly("c", "a");
    assertThat(written.get(1).value).as("a delete goes down as a null value").isNull();

    // Recycled to standby after that commit: the objects stay, the standby's updates arrive through restoration.
    store.clearCache();
    restore.restoreAll(List.of(rec("b", null), rec("d", "1"), rec("c", "2")));
    store.attach(); // promoted to active again
    assertThat(store.keys()).containsExactlyInAnyOrder("c", "d");
    assertThat(store.get("c")).isEqualTo("2");

    // A new life (crash, reassignment) starts from what the changelog restores, not from the old objects.
    store.close();
    store.init(context(), store);
    restore.restoreAll(List.of(rec("e", "1")));
    store.attach();
    assertThat(store.keys()).containsExactly("e");
  }

  private static final class Utf8Codec implements WriteBehindStore.Codec<String> {
    @Override
    public byte[] encode(String key, String value) {
      return b(value);
    }

    @Override
    public String decode(String key, byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /**
   * String keys over the byte store, as the serde layer Kafka Streams puts between them does, recording what is
   * written (where the logging layer would send it to the changelog).
   */
  private static final class StringKeys implements KeyValueStore<String, byte[]> {
    private final ChangelogOnlyStore bytes;
    private final List<KeyValue<String, byte[]>> written;

    StringKeys(ChangelogOnlyStore bytes, List<KeyValue<String, byte[]>> written) {
      this.bytes = bytes;
      this.written = written;
    }

    private static Bytes key(String k) {
      return Bytes.wrap(b(k));
    }

    @Override
    public void put(String key, byte[] value) {
      written.add(KeyValue.pair(key, value));
      bytes.put(key(key), value);
    }

    @Override
    public byte[] putIfAbsent(String key, byte[] value) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void putAll(List<KeyValue<String, byte[]>> entries) {
      entries.forEach(e -> put(e.key, e.value));
    }

    @Override
    public byte[] delete(String key) {
      written.add(KeyValue.pair(key, null));
      return bytes.delete(key(key));
    }

    @Override
    public byte[] get(String key) {
      return bytes.get(key(key));
    }

    @Override
    public KeyValueIterator<String, byte[]> range(String from, String to) {
      throw new UnsupportedOperationException();
    }

    @Override
    public KeyValueIterator<String, byte[]> all() {
      KeyValueIterator<Bytes, byte[]> it = bytes.all();
      return new KeyValueIterator<>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public KeyValue<String, byte[]> next() {
          KeyValue<Bytes, byte[]> kv = it.next();
          return KeyValue.pair(new String(kv.key.get(), StandardCharsets.UTF_8), kv.value);
        }

        @Override
        public String peekNextKey() {
          throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
          it.close();
        }
      };
    }

    @Override
    public long approximateNumEntries() {
      return bytes.approximateNumEntries();
    }

    @Override
    public String name() {
      return bytes.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
      bytes.init(context, root);
    }

    @Override
    public void close() {
      bytes.close();
    }

    @Override
    public boolean persistent() {
      return false;
    }

    @Override
    public boolean isOpen() {
      return bytes.isOpen();
    }
  }
}

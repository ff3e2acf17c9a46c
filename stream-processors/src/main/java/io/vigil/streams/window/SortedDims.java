package io.vigil.streams.window;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A window's dimensions: a read-only map in key order (like a TreeMap, same iteration order and toString) held in two
 * arrays. Every open window has one, and a TreeMap of eight entries cost three times the memory of these arrays.
 * The arrays are never changed in place, so windows of one series (a 1 min window rolled up from its 10 s windows)
 * share them; {@link #set} replaces them.
 */
final class SortedDims extends AbstractMap<String, String> {
  private String[] keys;
  private String[] values;

  SortedDims(Map<String, String> dims) {
    replace(dims);
  }

  /** Takes {@code dims} as the whole content (new arrays, or another SortedDims' shared ones). */
  void replace(Map<String, String> dims) {
    if (dims instanceof SortedDims other) {
      keys = other.keys;
      values = other.values;
      return;
    }
    keys = dims.keySet().toArray(new String[0]);
    Arrays.sort(keys);
    values = new String[keys.length];
    for (int i = 0; i < keys.length; i++) {
      values[i] = dims.get(keys[i]);
    }
  }

  /** Whether {@code dims} holds exactly these entries (without allocating, unlike {@link #equals}). */
  boolean sameAs(Map<String, String> dims) {
    if (dims.size() != keys.length) {
      return false;
    }
    for (int i = 0; i < keys.length; i++) {
      String mine = values[i];
      String theirs = dims.get(keys[i]);
      if (mine == null ? theirs != null || !dims.containsKey(keys[i]) : !mine.equals(theirs)) {
        return false;
      }
    }
    return true;
  }

  /** Sets one dimension; copies the arrays, which other windows may share. */
  void set(String key, String value) {
    int i = Arrays.binarySearch(keys, key);
    if (i >= 0) {
      values = values.clone();
      values[i] = value;
      return;
    }
    int at = -i - 1;
    String[] k = new String[keys.length + 1];
    String[] v = new String[keys.length + 1];
    System.arraycopy(keys, 0, k, 0, at);
    System.arraycopy(values, 0, v, 0, at);
    k[at] = key;
    v[at] = value;
    System.arraycopy(keys, at, k, at + 1, keys.length - at);
    System.arraycopy(values, at, v, at + 1, keys.length - at);
    keys = k;
    values = v;
  }

  @Override
  public String get(Object key) {
    int i = key instanceof String s ? Arrays.binarySearch(keys, s) : -1;
    return i >= 0 ? values[i] : null;
  }

  @Override
  public boolean containsKey(Object key) {
    return key instanceof String s && Arrays.binarySearch(keys, s) >= 0;
  }

  @Override
  public int size() {
    return keys.length;
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super String> action) {
    String[] k = keys;
    String[] v = values;
    for (int i = 0; i < k.length; i++) {
      action.accept(k[i], v[i]);
    }
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    String[] k = keys;
    String[] v = values;
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, String>> iterator() {
        return new Iterator<>() {
          private int i;

          @Override
          public boolean hasNext() {
            return i < k.length;
          }

          @Override
          public Entry<String, String> next() {
            if (i >= k.length) {
              throw new NoSuchElementException();
            }
            Entry<String, String> e = new SimpleImmutableEntry<>(k[i], v[i]);
            i++;
            return e;
          }
        };
      }

      @Override
      public int size() {
        return k.length;
      }
    };
  }
}

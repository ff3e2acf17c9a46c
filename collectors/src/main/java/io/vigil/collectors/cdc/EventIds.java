package io.vigil.collectors.cdc;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Deterministic event ids from table + primary key + LSN, so a replayed change carries the same id downstream. */
public final class EventIds {
  private EventIds() {}

  public static String of(String table, Map<String, ?> primaryKey, Long lsn) {
    StringBuilder s = new StringBuilder(table).append('|');
    new TreeMap<>(primaryKey).forEach((k, v) -> s.append(k).append('=').append(v).append(';'));
    s.append('|').append(lsn == null ? "" : lsn.toString());
    return UUID.nameUUIDFromBytes(s.toString().getBytes(StandardCharsets.UTF_8)).toString();
  }
}

package io.vigil.collectors.http;

import jakarta.inject.Singleton;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts refused input by reason (bad_json, unauthorized, too_large, rate_limited, ...), for the heartbeat. */
@Singleton
public class RejectCounter {
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  public void count(String reason) {
    counts.computeIfAbsent(reason, r -> new LongAdder()).increment();
  }

  public Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  public long total() {
    return counts.values().stream().mapToLong(LongAdder::sum).sum();
  }
}

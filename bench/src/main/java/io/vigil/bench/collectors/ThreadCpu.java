package io.vigil.bench.collectors;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of live Java threads grouped by name with the digits taken out (so the four client threads count as one
 * group), to show where a phase's CPU went. GC and JIT threads are not Java threads: the process total minus these
 * is their share.
 */
final class ThreadCpu {
  private ThreadCpu() {}

  static Map<String, Long> byGroup() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<String, Long> out = new HashMap<>();
    for (long id : mx.getAllThreadIds()) {
      long cpu = mx.getThreadCpuTime(id);
      ThreadInfo info = mx.getThreadInfo(id);
      if (cpu > 0 && info != null) {
        out.merge(info.getThreadName().replaceAll("\\d+", "N"), cpu, Long::sum);
      }
    }
    return out;
  }

  /** The {@code n} groups that used most CPU between the two snapshots, in ms. */
  static Map<String, Long> topDelta(Map<String, Long> before, Map<String, Long> after, int n) {
    Map<String, Long> out = new LinkedHashMap<>();
    after.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), (e.getValue() - before.getOrDefault(e.getKey(), 0L)) / 1_000_000))
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }
}

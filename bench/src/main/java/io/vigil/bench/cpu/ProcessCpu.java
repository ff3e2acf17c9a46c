package io.vigil.bench.cpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU seconds each process of the stack has used, from /proc/PID/stat (user + system time of the process and of its
 * waited-for children, e.g. PostgreSQL's backends under the postmaster): on a shared 2-core machine this says which
 * component the throughput went to, per step.
 */
public final class ProcessCpu {
  /** Linux reports these times in clock ticks; USER_HZ is 100 on every mainstream architecture. */
  private static final double TICKS_PER_S = 100.0;

  private ProcessCpu() {}

  /**
   * CPU seconds by name for each named pid that is still alive (missing ones are left out), including all its live
   * descendants that are not named themselves: PostgreSQL's work is done by backends under the postmaster.
   */
  public static Map<String, Double> seconds(Map<String, Long> pids, Path proc) {
    Map<Long, String> stats = readAll(proc);
    Map<Long, java.util.List<Long>> children = new java.util.HashMap<>();
    stats.forEach((pid, stat) -> children.computeIfAbsent(parentOf(stat), p -> new java.util.ArrayList<>()).add(pid));
    java.util.Set<Long> named = new java.util.HashSet<>(pids.values());
    Map<String, Double> out = new LinkedHashMap<>();
    pids.forEach((name, pid) -> {
      if (!stats.containsKey(pid)) {
        return;
      }
      double total = 0;
      java.util.Deque<Long> todo = new java.util.ArrayDeque<>(java.util.List.of(pid));
      while (!todo.isEmpty()) {
        long p = todo.pop();
        total += parse(stats.get(p));
        for (long c : children.getOrDefault(p, java.util.List.of())) {
          if (!named.contains(c)) {
            todo.push(c);
          }
        }
      }
      out.put(name, total);
    });
    return out;
  }

  private static Map<Long, String> readAll(Path proc) {
    Map<Long, String> stats = new java.util.HashMap<>();
    try (var dirs = Files.newDirectoryStream(proc, d -> d.getFileName().toString().matches("\\d+"))) {
      for (Path d : dirs) {
        try {
          stats.put(Long.parseLong(d.getFileName().toString()), Files.readString(d.resolve("stat")));
        } catch (IOException | RuntimeException e) {
          // exited meanwhile
        }
      }
    } catch (IOException e) {
      return Map.of();
    }
    return stats;
  }

  static long parentOf(String stat) {
    return Long.parseLong(fields(stat)[1]);
  }

  private static String[] fields(String stat) {
    return stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
  }

  /**
   * utime + stime + cutime + cstime (fields 14-17) of one /proc/PID/stat line, in seconds. The command name (field 2)
   * may contain spaces and parentheses, so fields are counted after its closing parenthesis.
   */
  static double parse(String stat) {
    String[] f = fields(stat); // f[0] is field 3 (state), so field N is f[N - 3]
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
    return ticks / TICKS_PER_S;
  }

  /** Cores used between two readings {@code dtS} seconds apart, by name (only names present in both). */
  public static Map<String, Double> cores(Map<String, Double> before, Map<String, Double> after, double dtS) {
    Map<String, Double> out = new LinkedHashMap<>();
    after.forEach((name, s) -> {
      Double b = before.get(name);
      if (b != null && dtS > 0) {
        out.put(name, Math.round((s - b) / dtS * 100) / 100.0);
      }
    });
    return out;
  }

  /** CPU nanoseconds this JVM has used so far, all threads (JIT and GC included). */
  public static long selfNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }
}

package io.vigil.bench.cpu;

import io.vigil.bench.proc.ProcessTree;
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
    ProcessTree tree = ProcessTree.read(proc);
    return tree.sumByName(pids, pid -> parse(tree.stat(pid)));
  }

  /**
   * utime + stime + cutime + cstime (fields 14-17) of one /proc/PID/stat line, in seconds. The command name (field 2)
   * may contain spaces and parentheses, so fields are counted after its closing parenthesis.
   */
  static double parse(String stat) {
    String[] f = ProcessTree.fields(stat); // f[0] is field 3 (state), so field N is f[N - 3]
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

package io.vigil.bench.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The live processes under a /proc directory and their parents, read once: so each named process of the stack can be
 * charged with its unnamed descendants (PostgreSQL's work and memory are in backends under the postmaster).
 */
public final class ProcessTree {
  private final Path proc;
  private final Map<Long, String> stats;
  private final Map<Long, List<Long>> children = new HashMap<>();

  private ProcessTree(Path proc, Map<Long, String> stats) {
    this.proc = proc;
    this.stats = stats;
    stats.forEach((pid, stat) -> children.computeIfAbsent(parentOf(stat), p -> new ArrayList<>()).add(pid));
  }

  public static ProcessTree read(Path proc) {
    Map<Long, String> stats = new HashMap<>();
    try (var dirs = Files.newDirectoryStream(proc, d -> d.getFileName().toString().matches("\\d+"))) {
      for (Path d : dirs) {
        try {
          stats.put(Long.parseLong(d.getFileName().toString()), Files.readString(d.resolve("stat")));
        } catch (IOException | RuntimeException e) {
          // exited meanwhile
        }
      }
    } catch (IOException e) {
      return new ProcessTree(proc, Map.of());
    }
    return new ProcessTree(proc, stats);
  }

  /** The /proc/PID directory of a process. */
  public Path dir(long pid) {
    return proc.resolve(Long.toString(pid));
  }

  /** Its /proc/PID/stat line. */
  public String stat(long pid) {
    return stats.get(pid);
  }

  /**
   * {@code value} summed by name over each named pid that is still alive (missing ones are left out) and all its live
   * descendants that are not named themselves.
   */
  public Map<String, Double> sumByName(Map<String, Long> pids, ToDoubleFunction<Long> value) {
    Set<Long> named = new HashSet<>(pids.values());
    Map<String, Double> out = new LinkedHashMap<>();
    pids.forEach((name, pid) -> {
      if (!stats.containsKey(pid)) {
        return;
      }
      double total = 0;
      Deque<Long> todo = new ArrayDeque<>(List.of(pid));
      while (!todo.isEmpty()) {
        long p = todo.pop();
        total += value.applyAsDouble(p);
        for (long c : children.getOrDefault(p, List.of())) {
          if (!named.contains(c)) {
            todo.push(c);
          }
        }
      }
      out.put(name, total);
    });
    return out;
  }

  static long parentOf(String stat) {
    return Long.parseLong(fields(stat)[1]);
  }

  /**
   * The fields of a stat line after the command name (field 2), which may contain spaces and parentheses: f[0] is
   * field 3 (state), so field N is f[N - 3].
   */
  public static String[] fields(String stat) {
    return stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
  }
}

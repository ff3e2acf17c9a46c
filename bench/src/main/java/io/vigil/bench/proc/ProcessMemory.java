package io.vigil.bench.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Memory of each stack process with its descendants, from /proc/PID/smaps_rollup. RSS counts a shared page in every
 * process that maps it (PostgreSQL's shared buffers in each backend), so summing RSS overstates a stack; PSS divides
 * each shared page among its sharers and sums to what the stack really holds.
 */
public final class ProcessMemory {
  private ProcessMemory() {}

  /** Megabytes by name: proportional set size (the honest share) and resident set size. */
  public record Usage(Map<String, Double> pssMb, Map<String, Double> rssMb) {
    public double totalPssMb() {
      return pssMb.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    public double totalRssMb() {
      return rssMb.values().stream().mapToDouble(Double::doubleValue).sum();
    }
  }

  public static Usage read(Map<String, Long> pids, Path proc) {
    ProcessTree tree = ProcessTree.read(proc);
    Map<Long, long[]> kb = new java.util.HashMap<>();
    Map<String, Double> pss = rounded(tree.sumByName(pids, pid -> kb.computeIfAbsent(pid, p -> rollup(tree.dir(p)))[0]));
    Map<String, Double> rss = rounded(tree.sumByName(pids, pid -> kb.computeIfAbsent(pid, p -> rollup(tree.dir(p)))[1]));
    return new Usage(pss, rss);
  }

  /** {Pss, Rss} in kB of one process; zeros when it is gone or unreadable. */
  static long[] rollup(Path dir) {
    long[] out = new long[2];
    try {
      for (String line : Files.readAllLines(dir.resolve("smaps_rollup"))) {
        if (line.startsWith("Pss:")) {
          out[0] = kilobytes(line);
        } else if (line.startsWith("Rss:")) {
          out[1] = kilobytes(line);
        }
      }
    } catch (IOException | RuntimeException e) {
      // exited meanwhile, or not ours to read
    }
    return out;
  }

  private static long kilobytes(String line) {
    String[] f = line.trim().split("\\s+");
    return Long.parseLong(f[1]);
  }

  private static Map<String, Double> rounded(Map<String, Double> kb) {
    Map<String, Double> mb = new LinkedHashMap<>();
    kb.forEach((name, v) -> mb.put(name, Math.round(v / 1024.0 * 10) / 10.0));
    return mb;
  }
}

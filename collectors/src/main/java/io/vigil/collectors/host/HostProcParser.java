package io.vigil.collectors.host;

import java.util.HashMap;
import java.util.Map;

/** Pure parsing of /proc/stat (cpu line), /proc/meminfo and /proc/net/dev. */
public final class HostProcParser {
  private HostProcParser() {}

  /** Aggregate CPU jiffies: total and idle (idle + iowait). */
  public record CpuTimes(long total, long idle) {}

  public static CpuTimes cpu(String procStat) {
    for (String line : procStat.split("\n")) {
      if (line.startsWith("cpu ")) {
        String[] f = line.trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length && i <= 8; i++) { // user..steal; guest is already inside user
          total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
        return new CpuTimes(total, idle);
      }
    }
    throw new IllegalArgumentException("/proc/stat has no aggregate cpu line");
  }

  /** CPU busy percent of the whole machine between two readings (0-100), null if not comparable. */
  public static Double cpuPct(CpuTimes before, CpuTimes after) {
    if (before == null || after == null || after.total() <= before.total()) {
      return null;
    }
    double dt = after.total() - before.total();
    double di = Math.max(0, after.idle() - before.idle());
    return Math.max(0, Math.min(100, 100.0 * (dt - di) / dt));
  }

  /** meminfo values in kB by key (MemTotal, MemAvailable, ...). */
  public static Map<String, Long> meminfo(String text) {
    Map<String, Long> out = new HashMap<>();
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        String[] v = line.substring(colon + 1).trim().split("\\s+");
        try {
          out.put(line.substring(0, colon), Long.parseLong(v[0]));
        } catch (NumberFormatException e) {
          // skip unparseable lines
        }
      }
    }
    return out;
  }

  /** Received and transmitted bytes summed over interfaces except loopback. */
  public record NetBytes(long rx, long tx) {}

  public static NetBytes netDev(String text) {
    long rx = 0;
    long tx = 0;
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0 || line.contains("|")) {
        continue;
      }
      String iface = line.substring(0, colon).trim();
      if (iface.equals("lo")) {
        continue;
      }
      String[] f = line.substring(colon + 1).trim().split("\\s+");
      if (f.length >= 9) {
        rx += Long.parseLong(f[0]);
        tx += Long.parseLong(f[8]);
      }
    }
    return new NetBytes(rx, tx);
  }
}

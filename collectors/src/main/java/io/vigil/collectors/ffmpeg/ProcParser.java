package io.vigil.collectors.ffmpeg;

/** Pure parsing of {@code /proc/<pid>/stat} and {@code /proc/<pid>/status} text, and CPU % between two samples. */
public final class ProcParser {
  private ProcParser() {}

  /** Parses stat (fields after the last ')' so a command name with spaces or parens is safe) and status. */
  public static ProcSample parse(String stat, String status) {
    int close = stat.lastIndexOf(')');
    int open = stat.indexOf('(');
    if (close < 0 || open < 0) {
      throw new IllegalArgumentException("not a /proc/<pid>/stat line: no (comm)");
    }
    long pid = Long.parseLong(stat.substring(0, open).trim());
    String[] f = stat.substring(close + 1).trim().split("\\s+");
    // f[0] = state (field 3); utime = field 14, stime = 15, num_threads = 20, starttime = 22
    if (f.length < 20) {
      throw new IllegalArgumentException("/proc/<pid>/stat has too few fields: " + f.length);
    }
    long utime = Long.parseLong(f[11]);
    long stime = Long.parseLong(f[12]);
    int threads = Integer.parseInt(f[17]);
    long start = Long.parseLong(f[19]);
    Double rssMb = null;
    if (status != null) {
      for (String line : status.split("\n")) {
        if (line.startsWith("VmRSS:")) {
          String kb = line.substring(6).trim().split("\\s+")[0];
          rssMb = Long.parseLong(kb) / 1024.0;
        } else if (line.startsWith("Threads:")) {
          threads = Integer.parseInt(line.substring(8).trim());
        }
      }
    }
    return new ProcSample(pid, utime + stime, start, rssMb, threads, f[0].isEmpty() ? '?' : f[0].charAt(0));
  }

  /** Percent of one core between two samples taken {@code wallMs} apart; null if not comparable. */
  public static Double cpuPct(ProcSample before, ProcSample after, long wallMs, long clockTicksPerSecond) {
    if (before == null || after == null || wallMs <= 0 || before.pid() != after.pid()
        || before.startTicks() != after.startTicks() || after.cpuTicks() < before.cpuTicks()) {
      return null;
    }
    return 100.0 * (after.cpuTicks() - before.cpuTicks()) / clockTicksPerSecond / (wallMs / 1000.0);
  }

  /** Seconds since the process started, from its start tick and the system uptime. */
  public static double uptimeS(ProcSample s, double systemUptimeS, long clockTicksPerSecond) {
    return Math.max(0, systemUptimeS - (double) s.startTicks() / clockTicksPerSecond);
  }

  /** {@code /proc/<pid>/cmdline} bytes (NUL-separated arguments) as one space-joined line; empty for kernel threads. */
  public static String cmdline(byte[] raw) {
    int n = raw.length;
    while (n > 0 && raw[n - 1] == 0) {
      n--;
    }
    byte[] b = java.util.Arrays.copyOf(raw, n);
    for (int i = 0; i < b.length; i++) {
      if (b[i] == 0) {
        b[i] = ' ';
      }
    }
    return new String(b, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The pid in a pid file's text (first line, trimmed); null when it is not a positive number. */
  public static Long pidFile(String text) {
    if (text == null) {
      return null;
    }
    String first = text.strip().split("\\R", 2)[0].trim();
    if (!first.matches("[0-9]{1,10}")) {
      return null;
    }
    long pid = Long.parseLong(first);
    return pid > 0 ? pid : null;
  }
}

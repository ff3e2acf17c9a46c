package io.vigil.devstack.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Finding a process by its command line in /proc, and signalling it (SIGSTOP/SIGCONT/SIGKILL) with {@code kill}. */
public final class Processes {
  private Processes() {}

  /** The command line of every process we may read, args joined by spaces, from {@code procRoot} (normally /proc). */
  static Map<Long, String> cmdlines(Path procRoot) {
    Map<Long, String> out = new HashMap<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(procRoot, p -> p.getFileName().toString().matches("\\d+"))) {
      for (Path d : dirs) {
        try {
          byte[] raw = Files.readAllBytes(d.resolve("cmdline"));
          if (raw.length > 0) {
            out.put(Long.parseLong(d.getFileName().toString()),
                new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim());
          }
        } catch (IOException | RuntimeException e) {
          // gone meanwhile, or not ours to read
        }
      }
    } catch (IOException e) {
      // no /proc: nothing found
    }
    return out;
  }

  /**
   * Of the processes whose command line contains {@code fragment}, other than {@code self}, the oldest (by start time,
   * then pid): a wrapper started later, e.g. a shell that greps for the same path, does not win over the job.
   */
  static Optional<Long> pick(Map<Long, String> cmdlines, String fragment, long self,
                             java.util.function.LongFunction<Instant> startOf) {
    return cmdlines.entrySet().stream()
        .filter(e -> e.getKey() != self && e.getValue().contains(fragment))
        .map(Map.Entry::getKey)
        .min(Comparator.<Long, Instant>comparing(startOf::apply).thenComparing(Comparator.naturalOrder()));
  }

  /** The oldest live process whose /proc/PID/cmdline contains {@code fragment} (not this JVM). */
  public static Optional<Long> findByCmdline(String fragment) {
    return pick(cmdlines(Path.of("/proc")), fragment, ProcessHandle.current().pid(),
        pid -> ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).orElse(Instant.MAX));
  }

  /** Sends {@code signal} (STOP, CONT, KILL, ...) to {@code pid}; false when kill failed (e.g. the process is gone). */
  public static boolean signal(long pid, String signal) {
    try {
      Process p = new ProcessBuilder("kill", "-s", signal, Long.toString(pid)).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The process state letter from /proc/PID/stat (R, S, T for stopped, ...), or '?' when unreadable. */
  public static char state(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      int close = stat.lastIndexOf(')');
      return close < 0 || close + 2 >= stat.length() ? '?' : stat.charAt(close + 2);
    } catch (IOException | RuntimeException e) {
      return '?';
    }
  }
}

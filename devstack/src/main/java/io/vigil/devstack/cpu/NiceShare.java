package io.vigil.devstack.cpu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The history share as a nice value, where no CPU cgroup can be made (not root, or a hierarchy the user does not
 * own): every thread of the process and its descendants is reniced, and what they start later inherits it. Under a
 * systemd session (processes outside the root cgroup) this weighs as intended; where the kernel groups by session
 * in the root cgroup, PostgreSQL's backends (each a session of its own) keep their own weight.
 */
final class NiceShare implements HistoryShare {
  private final int nice;

  NiceShare(int nice) {
    this.nice = nice;
  }

  /** The nice value whose weight is nearest {@code shares}/1024 of nice 0's (each step is a factor of about 1.25). */
  static int niceFor(int shares) {
    long n = Math.round(Math.log((double) HistoryShare.FULL / shares) / Math.log(1.25));
    return (int) Math.max(0, Math.min(19, n));
  }

  @Override
  public void adopt(long pid) {
    List<String> tids = new ArrayList<>();
    HistoryShare.tree(pid).forEach(p -> tids.addAll(threads(p.pid())));
    if (tids.isEmpty()) {
      return; // the process has ended
    }
    List<String> cmd = new ArrayList<>(List.of("renice", Integer.toString(nice), "-p"));
    cmd.addAll(tids);
    try {
      Process renice = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String output = new String(renice.getInputStream().readAllBytes());
      if (!renice.waitFor(10, TimeUnit.SECONDS) || renice.exitValue() != 0) {
        throw new IllegalStateException("renice of pid " + pid + " failed: " + output.trim());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run renice for pid " + pid + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A process's thread ids (a nice value is per thread on Linux): {@code /proc/<pid>/task}, or the pid alone. */
  static List<String> threads(long pid) {
    List<String> tids = new ArrayList<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      tasks.forEach(t -> tids.add(t.getFileName().toString()));
    } catch (IOException e) {
      tids.add(Long.toString(pid));
    }
    return tids;
  }

  @Override
  public String describe() {
    return "history path (sink, PostgreSQL) at nice " + nice + " (no writable CPU cgroup here)";
  }

  @Override
  public void close() {}
}

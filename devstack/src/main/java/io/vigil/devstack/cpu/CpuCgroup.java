package io.vigil.devstack.cpu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A CPU cgroup of the stack's own, holding the history path at a smaller weight: cgroup v1's {@code cpu.shares}
 * (default 1024) or v2's {@code cpu.weight} (default 100). A process moved in takes its threads along, and every
 * process it forks later (a PostgreSQL backend) starts inside. Outside the root cgroup the kernel's session grouping
 * does not apply, so PostgreSQL's backends share one weight instead of one each.
 */
final class CpuCgroup implements HistoryShare {
  private final Path dir;
  private final int shares;
  private final boolean v2;

  private CpuCgroup(Path dir, int shares, boolean v2) {
    this.dir = dir;
    this.shares = shares;
    this.v2 = v2;
  }

  /** A writable CPU hierarchy among {@code candidates}: v1 has {@code cpu.shares}, v2 lists {@code cpu} as a controller. */
  static Optional<Root> find(List<Path> candidates) {
    for (Path c : candidates) {
      if (!Files.isWritable(c.resolve("cgroup.procs"))) {
        continue;
      }
      if (Files.exists(c.resolve("cpu.shares"))) {
        return Optional.of(new Root(c, false));
      }
      if (Files.isWritable(c.resolve("cgroup.subtree_control")) && controllers(c).contains(" cpu ")) {
        return Optional.of(new Root(c, true));
      }
    }
    return Optional.empty();
  }

  private static String controllers(Path c) {
    try {
      return " " + Files.readString(c.resolve("cgroup.controllers")).trim() + " ";
    } catch (IOException e) {
      return "";
    }
  }

  /** The hierarchy the stack's cgroup is made in. */
  record Root(Path path, boolean v2) {
    /**
     * Makes {@code vigil-<stackName>-history} at the given share (relative to {@link HistoryShare#FULL}); empty groups
     * that stacks killed before they could remove theirs left behind are removed first.
     */
    CpuCgroup create(String stackName, int shares) {
      try {
        removeEmptyLeftovers();
        Path dir = path.resolve("vigil-" + stackName + "-history");
        Files.createDirectories(dir);
        if (v2) {
          Files.writeString(path.resolve("cgroup.subtree_control"), "+cpu");
          Files.writeString(dir.resolve("cpu.weight"), Integer.toString(weightFor(shares)));
        } else {
          Files.writeString(dir.resolve("cpu.shares"), Integer.toString(shares));
        }
        return new CpuCgroup(dir, shares, v2);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot set up the history path's CPU cgroup under " + path + ": "
            + e.getMessage(), e);
      }
    }

    private void removeEmptyLeftovers() throws IOException {
      try (DirectoryStream<Path> groups = Files.newDirectoryStream(path, "vigil-*-history")) {
        for (Path g : groups) {
          try {
            Files.delete(g); // the kernel refuses while a process is inside: then it is another live stack's
          } catch (IOException e) {
            // in use
          }
        }
      }
    }
  }

  /** cgroup v2's weight (1..10000, default 100) for a v1 share (default 1024). */
  static int weightFor(int shares) {
    return Math.max(1, Math.round(shares * 100f / HistoryShare.FULL));
  }

  Path directory() {
    return dir;
  }

  @Override
  public void adopt(long pid) {
    HistoryShare.tree(pid).forEach(p -> {
      try {
        Files.writeString(dir.resolve("cgroup.procs"), Long.toString(p.pid()));
      } catch (IOException e) {
        if (p.isAlive()) { // one that ended meanwhile needs no share
          throw new UncheckedIOException("cannot move pid " + p.pid() + " into " + dir + ": " + e.getMessage(), e);
        }
      }
    });
  }

  @Override
  public String describe() {
    return "history path (sink, PostgreSQL) in CPU cgroup " + dir + " at " + (v2 ? "cpu.weight " + weightFor(shares)
        : "cpu.shares " + shares) + " of " + (v2 ? "100" : Integer.toString(HistoryShare.FULL));
  }

  /** Removes the group once the processes in it have ended (the kernel refuses while any is inside). */
  @Override
  public void close() {
    try {
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // still in use (a process outlived the stack): the next stack removes it once it is empty
    }
  }
}

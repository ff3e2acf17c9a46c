package io.vigil.bench.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading each stack process's CPU time from /proc, children included. */
class ProcessCpuTest {
  @TempDir
  Path proc;

  @Test
  void readsUserAndSystemTimeOfTheProcessAndItsReapedChildren() {
    // comm with a space and a parenthesis; utime 250, stime 50, cutime 100, cstime 0 ticks
    String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 100 0 20 0 40 0 123 456 789";
    assertThat(ProcessCpu.parse(stat)).isEqualTo(4.0);
  }

  @Test
  void addsLiveDescendantsAndLeavesOutProcessesThatAreGone() throws Exception {
    write(100, 1, 300, 100); // postmaster: 4 s
    write(101, 100, 150, 50); // a backend under it: 2 s
    write(102, 100, 100, 0); // another: 1 s
    write(103, 101, 100, 0); // a grandchild: 1 s
    write(200, 1, 50, 50); // a JVM service: 1 s
    write(300, 200, 100, 100); // a child named on its own: not the service's
    Map<String, Double> s = ProcessCpu.seconds(Map.of("database", 100L, "sink", 200L, "worker", 300L, "gone", 999L),
        proc);
    assertThat(s).containsOnlyKeys("database", "sink", "worker").containsEntry("database", 8.0)
        .containsEntry("sink", 1.0).containsEntry("worker", 2.0);
    assertThat(ProcessCpu.cores(Map.of("sink", 1.0), Map.of("sink", 2.5, "database", 7.0), 3.0))
        .containsOnlyKeys("sink").containsEntry("sink", 0.5);
  }

  private void write(long pid, long ppid, long utime, long stime) throws Exception {
    Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
    Files.writeString(dir.resolve("stat"), pid + " (p" + pid + ") S " + ppid + " 1 1 0 -1 0 0 0 0 0 " + utime + " "
        + stime + " 0 0 20 0 1 0 1 1 1\n");
  }
}

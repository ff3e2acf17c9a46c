package io.vigil.bench.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each stack process's memory with its descendants, PSS next to RSS. */
class ProcessMemoryTest {
  @TempDir
  Path proc;

  @Test
  void chargesEachNamedProcessWithItsUnnamedDescendants() throws Exception {
    write(100, 1, 10_240, 40_960); // postmaster: 10 MB PSS, 40 MB RSS (shared buffers counted whole)
    write(101, 100, 5_120, 40_960); // a backend mapping the same shared buffers
    write(200, 1, 307_200, 307_200); // a JVM: 300 MB either way
    Files.createDirectories(proc.resolve("300")); // exited between listing and reading: no stat, left out
    ProcessMemory.Usage u = ProcessMemory.read(Map.of("postgres", 100L, "streams", 200L, "gone", 300L), proc);
    assertThat(u.pssMb()).containsOnlyKeys("postgres", "streams").containsEntry("postgres", 15.0)
        .containsEntry("streams", 300.0);
    assertThat(u.rssMb()).containsEntry("postgres", 80.0);
    assertThat(u.totalPssMb()).isEqualTo(315.0);
    assertThat(u.totalRssMb()).isEqualTo(380.0);
  }

  @Test
  void readsThisProcessForReal() {
    long self = ProcessHandle.current().pid();
    ProcessMemory.Usage u = ProcessMemory.read(Map.of("me", self), Path.of("/proc"));
    assertThat(u.pssMb().get("me")).isPositive().isLessThanOrEqualTo(u.rssMb().get("me"));
  }

  private void write(long pid, long ppid, long pssKb, long rssKb) throws Exception {
    Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
    Files.writeString(dir.resolve("stat"), pid + " (p" + pid + ") S " + ppid + " 1 1 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 1 1 1\n");
    Files.writeString(dir.resolve("smaps_rollup"), "00400000-7ffc0000 ---p 00000000 00:00 0 [rollup]\n"
        + "Rss:            " + rssKb + " kB\nPss:            " + pssKb + " kB\nPss_Dirty:        12 kB\n");
  }
}

package io.vigil.devstack.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history path's CPU share: how a share maps to a nice value or cgroup weight, which hierarchy is found, and on
 * real processes that the share covers every thread, the descendants, and what they fork afterwards.
 */
public class HistoryShareTest {
  @TempDir
  Path tmp;

  private Process shell;

  @AfterEach
  void stopShell() {
    if (shell != null) {
      shell.descendants().forEach(ProcessHandle::destroyForcibly);
      shell.destroyForcibly();
    }
  }

  @Test
  void aShareBecomesTheNiceValueOfNearestWeight() {
    assertThat(NiceShare.niceFor(512)).isEqualTo(3); // weight 526 of 1024
    assertThat(NiceShare.niceFor(256)).isEqualTo(6); // weight 272
    assertThat(NiceShare.niceFor(110)).isEqualTo(10);
    assertThat(NiceShare.niceFor(1000)).isEqualTo(0);
    assertThat(NiceShare.niceFor(1)).isEqualTo(19);
  }

  @Test
  void aShareBecomesAV2Weight() {
    assertThat(CpuCgroup.weightFor(256)).isEqualTo(25);
    assertThat(CpuCgroup.weightFor(1024)).isEqualTo(100);
    assertThat(CpuCgroup.weightFor(2)).isEqualTo(1);
  }

  @Test
  void equalOrNoShareChangesNothing() {
    assertThat(HistoryShare.forMachine(0, "t")).isInstanceOf(HistoryShare.EqualShare.class);
    assertThat(HistoryShare.forMachine(1024, "t")).isInstanceOf(HistoryShare.EqualShare.class);
  }

  @Test
  void findsAV1OrV2HierarchyAndSetsTheGroupsShare() throws IOException {
    Path v1 = Files.createDirectories(tmp.resolve("v1"));
    Files.writeString(v1.resolve("cgroup.procs"), "");
    Files.writeString(v1.resolve("cpu.shares"), "1024");
    Path v2 = Files.createDirectories(tmp.resolve("v2"));
    Files.writeString(v2.resolve("cgroup.procs"), "");
    Files.writeString(v2.resolve("cgroup.subtree_control"), "");
    Files.writeString(v2.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
    Path none = Files.createDirectories(tmp.resolve("none"));
    Files.writeString(none.resolve("cgroup.procs"), "");
    Files.writeString(none.resolve("cgroup.subtree_control"), "");
    Files.writeString(none.resolve("cgroup.controllers"), "cpuset io memory\n"); // cpuset is not cpu

    CpuCgroup.Root r1 = CpuCgroup.find(List.of(tmp.resolve("missing"), v1)).orElseThrow();
    assertThat(r1.v2()).isFalse();
    CpuCgroup g1 = r1.create("42", 256);
    assertThat(g1.directory()).isEqualTo(v1.resolve("vigil-42-history"));
    assertThat(Files.readString(g1.directory().resolve("cpu.shares"))).isEqualTo("256");

    CpuCgroup.Root r2 = CpuCgroup.find(List.of(none, v2)).orElseThrow();
    assertThat(r2.v2()).isTrue();
    CpuCgroup g2 = r2.create("42", 256);
    assertThat(Files.readString(g2.directory().resolve("cpu.weight"))).isEqualTo("25");
    assertThat(Files.readString(v2.resolve("cgroup.subtree_control"))).isEqualTo("+cpu");

    assertThat(CpuCgroup.find(List.of(none))).isEmpty();
  }

  @Test
  void anEmptyGroupLeftByAKilledStackIsRemoved() throws IOException {
    Path v1 = Files.createDirectories(tmp.resolve("v1"));
    Files.writeString(v1.resolve("cgroup.procs"), "");
    Files.writeString(v1.resolve("cpu.shares"), "1024");
    Files.createDirectories(v1.resolve("vigil-7-history"));
    Files.createDirectories(v1.resolve("other"));
    CpuCgroup.find(List.of(v1)).orElseThrow().create("8", 256);
    assertThat(v1.resolve("vigil-7-history")).doesNotExist();
    assertThat(v1.resolve("other")).exists();
    assertThat(v1.resolve("vigil-8-history")).exists();
  }

  @Test
  void niceCoversEveryThreadTheDescendantsAndWhatTheyForkLater() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux /proc");
    // a child now, and a grandchild forked two seconds after the share was applied
    shell = startShell();
    long child = awaitDescendant("61");

    new NiceShare(6).adopt(shell.pid());

    assertThat(niceOf(shell.pid())).isEqualTo(6);
    assertThat(niceOf(child)).isEqualTo(6);
    assertThat(niceOf(awaitDescendant("62"))).as("forked after the share was applied").isEqualTo(6);
  }

  @Test
  void aProcessThatHasEndedIsLeftAlone() throws Exception {
    Process done = new ProcessBuilder("true").start();
    done.waitFor();
    new NiceShare(6).adopt(done.pid()); // nothing to renice: no renice run, no error
  }

  @Test
  void aCgroupHoldsTheTreeAndWhatItForksLaterAndIsRemovedAfterwards() throws Exception {
    var root = CpuCgroup.find(List.of(Path.of("/sys/fs/cgroup/cpu"), Path.of("/sys/fs/cgroup")));
    assumeTrue(root.isPresent(), "no writable CPU cgroup hierarchy here (needs root); the nice fallback is tested");
    CpuCgroup group = root.get().create("test-" + ProcessHandle.current().pid(), 256);
    try {
      shell = startShell();
      long child = awaitDescendant("61");

      group.adopt(shell.pid());

      String name = group.directory().getFileName().toString();
      assertThat(cgroupOf(shell.pid())).contains(name);
      assertThat(cgroupOf(child)).contains(name);
      assertThat(cgroupOf(awaitDescendant("62"))).as("forked after the move").contains(name);
      assertThat(group.describe()).contains(name).contains("256");
    } finally {
      stopShell();
      shell.waitFor();
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
        group.close();
        return !Files.exists(group.directory());
      });
      shell = null;
    }
  }

  /** A shell with a child now ({@code sleep 61}) and one it forks two seconds later ({@code sleep 62}). */
  private static Process startShell() throws IOException {
    return new ProcessBuilder("sh", "-c", "sleep 61 & sleep 2; sleep 62 & wait").start();
  }

  private long awaitDescendant(String sleepArgument) {
    return Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> shell.descendants()
            .filter(p -> p.info().arguments().map(a -> a.length == 1 && a[0].equals(sleepArgument)).orElse(false))
            .findFirst(), java.util.Optional::isPresent).orElseThrow().pid();
  }

  /** Field 19 of /proc/PID/stat, counted after the command name (which may hold spaces). */
  public static int niceOf(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Integer.parseInt(after[16]);
    } catch (IOException e) {
      throw new AssertionError("cannot read the nice value of " + pid, e);
    }
  }

  public static String cgroupOf(long pid) {
    try {
      return Files.readAllLines(Path.of("/proc", Long.toString(pid), "cgroup")).stream()
          .filter(l -> l.contains(":cpu:") || l.contains(":cpu,") || l.startsWith("0::")).reduce("", String::concat);
    } catch (IOException e) {
      throw new AssertionError("cannot read the cgroup of " + pid, e);
    }
  }
}

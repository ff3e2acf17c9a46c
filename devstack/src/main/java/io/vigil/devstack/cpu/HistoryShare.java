package io.vigil.devstack.cpu;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The CPU share of the history path (the sink and the PostgreSQL it writes to) against everything else on the
 * machine, chiefly the alert path (collector, broker, stream processors, alerting). It only weighs while the machine
 * is saturated: then a smaller share lets the stream processors catch up first, and the sink falls behind instead.
 *
 * <p>A cgroup where it can, because PostgreSQL calls {@code setsid()} in every backend: where the kernel groups
 * scheduling by session (autogroup, in the root cgroup) each backend weighs as much as all the stack's JVMs together,
 * and a nice value does not cross sessions. Opt-in (VIGIL_HISTORY_CPU_SHARES): docs/operations.md has the measurement.
 */
public interface HistoryShare extends AutoCloseable {
  /** The share every other process has: cgroup v1's default {@code cpu.shares}. */
  int FULL = 1024;

  /** Puts a running process, its threads and its descendants, and whatever they start later, in the history share. */
  void adopt(long pid);

  /** One line for the start-up output: how the share is applied. */
  String describe();

  @Override
  void close();

  /**
   * The best mechanism this machine allows: a CPU cgroup (root, with a writable cgroup v1 {@code cpu} or v2 hierarchy),
   * else nice values; {@code shares} of {@link #FULL}, 0 or {@link #FULL} and above leave everything equal.
   */
  static HistoryShare forMachine(int shares, String stackName) {
    if (shares <= 0 || shares >= FULL) {
      return new EqualShare();
    }
    return CpuCgroup.find(List.of(Path.of("/sys/fs/cgroup/cpu"), Path.of("/sys/fs/cgroup")))
        .<HistoryShare>map(root -> root.create(stackName, shares))
        .orElseGet(() -> new NiceShare(NiceShare.niceFor(shares)));
  }

  /** A process and its descendants, now: the threads of each are what a nice value or cgroup move applies to. */
  static Stream<ProcessHandle> tree(long pid) {
    return ProcessHandle.of(pid).stream().flatMap(p -> Stream.concat(Stream.of(p), p.descendants()));
  }

  /** Every process shares the CPU equally (VIGIL_HISTORY_CPU_SHARES=0). */
  final class EqualShare implements HistoryShare {
    @Override
    public void adopt(long pid) {}

    @Override
    public String describe() {
      return "history path (sink, PostgreSQL) shares the CPU equally with the alert path";
    }

    @Override
    public void close() {}
  }
}

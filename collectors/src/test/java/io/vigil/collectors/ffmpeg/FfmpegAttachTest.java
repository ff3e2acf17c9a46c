package io.vigil.collectors.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.collectors.delivery.RecordSink;
import io.vigil.schemas.avro.HealthSample;
import io.vigil.schemas.avro.HealthStatus;
import io.vigil.testkit.programs.RequiredProgram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's real ffmpeg started by the test (not by the agent), watched by pid file or command line, with progress
 * over {@code -progress tcp://127.0.0.1:PORT}; and the supervisor in tcp progress mode, including a stall (SIGSTOP).
 */
class FfmpegAttachTest {
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    started.forEach(p -> p.destroyForcibly());
  }

  private Process ffmpeg(String... extra) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(RequiredProgram.require("ffmpeg", "ffmpeg").toString(), "-hide_banner",
        "-nostdin", "-loglevel", "error"));
    cmd.addAll(List.of("-re", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25"));
    cmd.addAll(List.of(extra)); // global or output options
    cmd.addAll(List.of("-f", "null", "-"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    started.add(p);
    return p;
  }

  private static RecordSink into(List<HealthSample> got) {
    return (List<? extends SpecificRecord> records) -> records.forEach(r -> got.add((HealthSample) r));
  }

  @Test
  void pidFileAttachedWithTcpProgressReportsFpsSpeedAndSigkillAsExitedWithinTwoSeconds(@TempDir Path dir)
      throws Exception {
    RequiredProgram.require("ffmpeg", "ffmpeg");
    List<HealthSample> got = new CopyOnWriteArrayList<>();
    Path pidFile = dir.resolve("ingest.pid");
    var spec = new FfmpegAttachment.Spec("ingest", "stream-att", FfmpegAttachment.Mode.pidfile, pidFile, null, 0,
        Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofMillis(100), "node-ff", "default");
    try (FfmpegAttachment a = new FfmpegAttachment(spec, into(got), new AtomicLong(), new ProcReader())) {
      a.start();
      // no pid file yet: unknown, not found
      await().atMost(Duration.ofSeconds(5)).until(() -> got.stream().anyMatch(h -> h.getStatus() == HealthStatus.unknown));
      assertThat(got.get(0).getLabels()).containsEntry("attach_state", "not_found");

      Process ff = ffmpeg("-progress", "tcp://127.0.0.1:" + a.progressPort(), "-nostats");
      Files.writeString(pidFile, ff.pid() + "\n");
      await().atMost(Duration.ofSeconds(20)).until(() -> got.stream().anyMatch(h -> h.getStatus() == HealthStatus.running
          && h.getFps() != null && h.getFps() > 0 && h.getSpeed() != null && h.getCpuPct() != null));
      HealthSample run = got.stream().filter(h -> h.getStatus() == HealthStatus.running && h.getSpeed() != null
          && h.getFps() != null && h.getFps() > 0 && h.getCpuPct() != null).reduce((x, y) -> y).orElseThrow();
      assertThat(run.getInstance()).isEqualTo(Long.toString(ff.pid()));
      assertThat(run.getStreamId()).isEqualTo("stream-att");
      assertThat(run.getFps()).isPositive();
      assertThat(run.getSpeed()).isBetween(0.5, 1.5); // -re: about real time
      assertThat(run.getRssMb()).isPositive();
      assertThat(run.getThreads()).isPositive();
      assertThat(run.getUptimeS()).isBetween(0.0, 60.0);
      assertThat(run.getLabels()).containsEntry("attach", "pidfile").containsEntry("progress", "tcp");
      assertThat(a.pid()).contains(ff.pid());

      long killedAt = System.nanoTime();
      ff.toHandle().destroyForcibly(); // SIGKILL
      await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
          .until(() -> got.stream().anyMatch(h -> h.getStatus() == HealthStatus.exited));
      long ms = (System.nanoTime() - killedAt) / 1_000_000;
      assertThat(ms).isLessThan(2_000);
      HealthSample dead = got.stream().filter(h -> h.getStatus() == HealthStatus.exited).findFirst().orElseThrow();
      assertThat(dead.getExitCode()).isNull(); // not our child: no exit status, and never a made-up 0
      assertThat(dead.getLabels()).containsEntry("exit_code", "unknown").containsEntry("exit_reason", "not_a_child");
      assertThat(dead.getInstance()).isEqualTo(Long.toString(ff.pid()));
      // the stale pid file is not re-attached: no running sample after the exit
      int at = got.indexOf(dead);
      Thread.sleep(1_500);
      assertThat(got.subList(at, got.size())).noneMatch(h -> h.getStatus() == HealthStatus.running);
      assertThat(a.pid()).isEmpty();

      // a rewritten pid file (a restarted ffmpeg) is attached again and counted as a restart
      Process again = ffmpeg("-progress", "tcp://127.0.0.1:" + a.progressPort(), "-nostats");
      Files.writeString(pidFile, again.pid() + "\n");
      await().atMost(Duration.ofSeconds(20)).until(() -> got.stream().anyMatch(h -> h.getStatus() == HealthStatus.running
          && h.getInstance().equals(Long.toString(again.pid())) && h.getSpeed() != null));
      assertThat(got.get(got.size() - 1).getRestarts()).isEqualTo(1);
    }
  }

  @Test
  void commandLineMatchAttachesToTheRightProcessWithoutProgress() throws Exception {
    RequiredProgram.require("ffmpeg", "ffmpeg");
    String marker = "vigil-" + UUID.randomUUID();
    Process other = ffmpeg("-metadata", "comment=someone-else");
    Process ff = ffmpeg("-metadata", "comment=" + marker);
    List<HealthSample> got = new CopyOnWriteArrayList<>();
    var spec = new FfmpegAttachment.Spec("by-cmdline", "stream-cmd", FfmpegAttachment.Mode.cmdline, null,
        Pattern.compile("ffmpeg .*comment=" + Pattern.quote(marker)), null, Duration.ofMillis(300),
        Duration.ofSeconds(10), Duration.ofMillis(100), "node-ff", "default");
    try (FfmpegAttachment a = new FfmpegAttachment(spec, into(got), new AtomicLong(), new ProcReader())) {
      a.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> got.stream()
          .anyMatch(h -> h.getStatus() == HealthStatus.running && h.getCpuPct() != null));
      assertThat(other.isAlive()).isTrue();
      assertThat(got).filteredOn(h -> h.getStatus() == HealthStatus.running)
          .allSatisfy(h -> assertThat(h.getInstance()).isEqualTo(Long.toString(ff.pid())))
          .allSatisfy(h -> assertThat(h.getFps()).isNull()) // no progress source configured
          .allSatisfy(h -> assertThat(h.getLabels()).containsEntry("attach", "cmdline").containsEntry("progress", "none"));
      ff.destroy(); // SIGTERM
      await().atMost(Duration.ofSeconds(3)).until(() -> got.stream().anyMatch(h -> h.getStatus() == HealthStatus.exited));
      assertThat(other.isAlive()).isTrue();
      assertThat(got).noneMatch(h -> h.getInstance().equals(Long.toString(other.pid())));
    }
  }

  @Test
  void supervisedWithTcpProgressReportsFpsAndDetectsAStall() throws Exception {
    RequiredProgram.require("ffmpeg", "ffmpeg");
    List<HealthSample> got = new CopyOnWriteArrayList<>();
    var spec = new FfmpegSupervisor.Spec("tcp-mode", "stream-tcp", List.of("ffmpeg", "-hide_banner", "-nostdin", "-re",
        "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-f", "null", "-"), Duration.ofMillis(300),
        Duration.ofSeconds(2), false, "node-ff", "default", FfmpegSupervisor.Progress.tcp, 0);
    try (FfmpegSupervisor sup = new FfmpegSupervisor(spec, into(got), new AtomicLong(), new ProcReader())) {
      sup.start();
      await().atMost(Duration.ofSeconds(20)).until(() -> got.stream().anyMatch(h -> h.getStatus() == HealthStatus.running
          && h.getFps() != null && h.getSpeed() != null && h.getFrames() != null && h.getFrames() > 0));
      assertThat(got).filteredOn(h -> h.getStatus() == HealthStatus.running)
          .allSatisfy(h -> assertThat(h.getLabels()).containsEntry("progress", "tcp"));
      long pid = sup.process().pid();
      // freeze the process: it is alive but its progress stops arriving -> stalled after stall_after (2 s)
      new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start().waitFor();
      try {
        int before = got.size();
        await().atMost(Duration.ofSeconds(6)).until(() -> got.subList(before, got.size()).stream()
            .anyMatch(h -> h.getStatus() == HealthStatus.stalled));
      } finally {
        new ProcessBuilder("kill", "-CONT", Long.toString(pid)).start().waitFor();
      }
      int resumed = got.size();
      await().atMost(Duration.ofSeconds(6)).until(() -> got.subList(resumed, got.size()).stream()
          .anyMatch(h -> h.getStatus() == HealthStatus.running));
    }
  }
}

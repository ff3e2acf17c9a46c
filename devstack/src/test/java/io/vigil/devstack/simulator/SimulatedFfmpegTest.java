package io.vigil.devstack.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testkit.fixtures.Fixtures;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The FFmpeg stand-in writes what real FFmpeg writes, and its clock behaves like an {@code -re} encode. */
class SimulatedFfmpegTest {
  @TempDir
  Path home;

  @Test
  void aBlockHasRealFfmpegsKeysInRealFfmpegsOrder() {
    List<String> real = keysOfFirstBlock(Fixtures.lines("ffmpeg/ffmpeg-progress-realtime.txt"));
    List<String> ours = keysOfFirstBlock(List.of(ProgressFormat.block(31, 30.17, 400_000, 0.849, false).split("\n")));
    assertThat(ours).isEqualTo(real);
  }

  @Test
  void valuesAreFormattedAsFfmpegPrintsThem() {
    String block = ProgressFormat.block(3010, 25.0, 120_400_000, 0.99, false);
    assertThat(block).contains("out_time_us=120400000\n", "out_time_ms=120400000\n", "out_time=00:02:00.400000\n",
        "fps=25.00\n", "speed=0.99x\n", "progress=continue\n");
    assertThat(ProgressFormat.block(0, 0, 0, 0, true)).contains("speed=   0x\n", "progress=end\n", "stream_0_0_q=0.0\n");
    // C's %4.3g, as in the fixtures: "speed=0.849x", "speed=   1x", "speed=1.01x"
    assertThat(ProgressFormat.speed(0.8491)).isEqualTo("0.849x");
    assertThat(ProgressFormat.speed(1.0)).isEqualTo("   1x");
    assertThat(ProgressFormat.speed(1.0149)).isEqualTo("1.01x");
    assertThat(ProgressFormat.speed(12.34)).isEqualTo("12.3x");
    assertThat(ProgressFormat.outTime(3_723_000_001L)).isEqualTo("01:02:03.000001");
  }

  @Test
  void mediaTimeFollowsTheWallClockStandsStillWhenStoppedAndCatchesUp() {
    long s = 1_000_000_000L;
    MediaClock clock = new MediaClock(0);
    for (long t = s / 2; t <= 10 * s; t += s / 2) {
      clock.advance(t);
    }
    assertThat(clock.advance(10 * s)).isEqualTo(10.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(clock.speed(10 * s)).isEqualTo(1.0, org.assertj.core.data.Offset.offset(1e-9));

    // Stopped for 10 s: one tick after it, media time has moved only as far as half a second's work at catch-up speed.
    double afterPause = clock.advance(20 * s);
    assertThat(afterPause).isEqualTo(10 + 0.5 * MediaClock.CATCH_UP_SPEED, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(clock.speed(20 * s)).isLessThan(0.95);
    long t = 20 * s;
    while (clock.advance(t) < t / 1e9 - 1e-9) {
      t += s / 2;
    }
    assertThat((t - 20 * s) / 1e9).as("seconds to catch up 8 s behind").isLessThan(4.0);
    assertThat(clock.advance(t + s / 2)).as("never ahead of real time").isEqualTo((t + s / 2) / 1e9,
        org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void theLauncherRunsLikeFfmpegWithProgressOnTcpAndAnHlsPlaylist() throws Exception {
    Path launcher = FfmpegJobs.writeSimulatedFfmpeg(home);
    FfmpegJobs.Job job = FfmpegJobs.plan(home, 1).get(0);
    try (ServerSocket server = new ServerSocket(0)) {
      List<String> cmd = new ArrayList<>(job.command(launcher.toString()));
      cmd.addAll(1, List.of("-progress", "tcp://127.0.0.1:" + server.getLocalPort(), "-nostats"));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      try {
        server.setSoTimeout(15_000);
        List<String> lines = new ArrayList<>();
        try (var conn = server.accept();
             var in = new BufferedReader(new InputStreamReader(conn.getInputStream(), StandardCharsets.US_ASCII))) {
          long blocks = 0;
          for (String line; blocks < 6 && (line = in.readLine()) != null; ) {
            lines.add(line);
            blocks += line.startsWith("progress=") ? 1 : 0;
          }
        }
        assertThat(lines.stream().filter(l -> l.startsWith("progress=continue"))).hasSize(6);
        long lastFrame = lines.stream().filter(l -> l.startsWith("frame=")).mapToLong(l -> Long.parseLong(l.substring(6)))
            .max().orElseThrow();
        assertThat(lastFrame).as("25 fps testsrc after about 2.5 s").isBetween(25L, 100L);
        assertThat(Files.readString(job.playlist())).startsWith("#EXTM3U").contains("#EXTINF:1.000000,");
        assertThat(OverloadThrottle.hlsContentSeconds(Files.readString(job.playlist()))).isGreaterThanOrEqualTo(1);
        assertThat(ProcessHandle.of(p.pid()).flatMap(h -> h.info().commandLine()).orElse(""))
            .as("found by its output path, like FFmpeg").contains(job.playlist().toString());
      } finally {
        p.destroyForcibly();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
      }
    }
  }

  @Test
  void theStandInIsUsedOnlyWhereFfmpegIsMissing() throws Exception {
    Path real = Path.of("/usr/bin/ffmpeg");
    assertThat(FfmpegJobs.program(java.util.Optional.of(real), home)).isEqualTo(real);
    assertThat(home.resolve("bin")).doesNotExist();
    Path standIn = FfmpegJobs.program(java.util.Optional.empty(), home);
    assertThat(standIn).isEqualTo(home.resolve("bin").resolve("simulated-ffmpeg")).isExecutable();
    assertThat(Files.readString(standIn)).contains(SimulatedFfmpeg.class.getName(), "\"$@\"");
  }

  @Test
  void aCommandLineWithoutAnOutputIsRefused() throws Exception {
    Path launcher = FfmpegJobs.writeSimulatedFfmpeg(home);
    Process p = new ProcessBuilder(launcher.toString(), "-re", "-f", "lavfi").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(out).contains("usage: simulated-ffmpeg");
  }

  private static List<String> keysOfFirstBlock(List<String> lines) {
    List<String> keys = new ArrayList<>();
    for (String l : lines) {
      keys.add(l.substring(0, l.indexOf('=')));
      if (l.startsWith("progress=")) {
        break;
      }
    }
    return keys;
  }
}

package io.vigil.devstack.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testkit.programs.RequiredProgram;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FFmpeg scenarios on a job run the way the collector runs it ({@code -progress pipe:1 -nostats} added): the
 * overload drives the job's own speed below FfmpegSlow's 0.95, the job catches up once released, and the crash kills it
 * with SIGKILL. Once with real FFmpeg, once with the {@link SimulatedFfmpeg} stand-in machines without FFmpeg run.
 */
class FfmpegActorTest {
  @TempDir
  Path home;

  @Test
  void overloadSlowsARealJobBelowRealTimeAndCrashKillsIt() throws Exception {
    overloadThenCrash(RequiredProgram.require("ffmpeg", "ffmpeg"));
  }

  @Test
  void theSimulatedFfmpegSlowsCatchesUpAndDiesTheSameWay() throws Exception {
    overloadThenCrash(FfmpegJobs.writeSimulatedFfmpeg(home));
  }

  private void overloadThenCrash(Path ffmpeg) throws Exception {
    FfmpegJobs.Job job = FfmpegJobs.plan(home, 1).get(0);
    Files.createDirectories(job.outputDir());
    List<String> cmd = new ArrayList<>(job.command(ffmpeg.toString()));
    cmd.addAll(1, List.of("-progress", "pipe:1", "-nostats"));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    List<Double> speeds = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread reader = new Thread(() -> {
      try (var r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          if (line.startsWith("speed=") && !line.contains("N/A")) {
            speeds.add(Double.parseDouble(line.substring(6).replace("x", "").trim()));
          }
        }
      } catch (Exception e) {
        // the process ended
      }
    });
    reader.setDaemon(true);
    reader.start();
    var log = new ByteArrayOutputStream();
    FfmpegActor actor = new FfmpegActor(job.playlist(), new PrintStream(log, true));
    try {
      Thread.sleep(5_000);
      assertThat(last(speeds)).as("speed before the overload").isGreaterThan(0.95);

      var overload = new ScenarioSchedule.Step(5, Scenario.FFMPEG_OVERLOAD);
      long until = System.currentTimeMillis() + 15_000;
      while (System.currentTimeMillis() < until) {
        actor.tick(overload, System.currentTimeMillis(), 0);
        Thread.sleep(20);
      }
      double slowed = last(speeds);
      assertThat(slowed).as("FFmpeg's own speed after 15 s of overload; log:%n%s", log).isLessThan(0.9);

      var healthy = new ScenarioSchedule.Step(20, Scenario.HEALTHY);
      actor.tick(healthy, System.currentTimeMillis(), 20);
      assertThat(Processes.state(p.pid())).as("released").isNotEqualTo('T');
      Thread.sleep(3_000);
      assertThat(last(speeds)).as("caught up once released").isGreaterThan(0.95);

      actor.tick(new ScenarioSchedule.Step(25, Scenario.FFMPEG_CRASH), System.currentTimeMillis(), 25);
      assertThat(p.waitFor(5, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isEqualTo(137);
      System.out.printf("speed before %.3f, overloaded %.3f, after release %.3f%n%s", speeds.get(0), slowed,
          last(speeds), log);
      assertThat(log.toString()).contains("ffmpeg-overload: holding FFmpeg job pid " + p.pid(),
          "ffmpeg-crash: SIGKILLed FFmpeg job pid " + p.pid());
    } finally {
      actor.release();
      p.destroyForcibly();
    }
  }

  private static double last(List<Double> speeds) {
    synchronized (speeds) {
      assertThat(speeds).as("progress blocks").isNotEmpty();
      return speeds.get(speeds.size() - 1);
    }
  }
}

package io.vigil.devstack.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The pure parts of the FFmpeg scenarios: process lookup, the overload duty cycle, HLS arithmetic, the job config. */
class FfmpegScenarioPartsTest {

  @Test
  void findsARealProcessByAFragmentOfItsCommandLineAndSignalsIt() throws Exception {
    // A unique command line, as an FFmpeg job's output path is unique: sleep with an odd fractional duration.
    String marker = "3600." + (100000 + (int) (Math.random() * 800000));
    Process sleep = new ProcessBuilder("sleep", marker).start();
    try {
      Optional<Long> found = Processes.findByCmdline("sleep " + marker);
      assertThat(found).contains(sleep.pid());
      assertThat(Processes.findByCmdline("no-such-process-" + UUID.randomUUID())).isEmpty();

      assertThat(Processes.signal(sleep.pid(), "STOP")).isTrue();
      awaitState(sleep.pid(), 'T');
      assertThat(Processes.signal(sleep.pid(), "CONT")).isTrue();
      awaitState(sleep.pid(), 'S');
      assertThat(Processes.signal(sleep.pid(), "KILL")).isTrue();
      assertThat(sleep.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(sleep.exitValue()).as("a SIGKILLed child's exit value, as the collector sees it").isEqualTo(137);
      assertThat(Processes.signal(sleep.pid(), "CONT")).as("signal to a process that is gone").isFalse();
    } finally {
      sleep.destroyForcibly();
    }
  }

  @Test
  void pickSkipsItselfAndPrefersTheOldestMatch() {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    Map<Long, String> cmdlines = Map.of(
        10L, "ffmpeg -re -i x /h/job-0/index.m3u8",
        11L, "bash -c grep /h/job-0/index.m3u8",
        12L, "ffmpeg -re -i x /h/job-1/index.m3u8",
        13L, "java Self /h/job-0/index.m3u8");
    Map<Long, Instant> starts = Map.of(10L, t0.plusSeconds(5), 11L, t0.plusSeconds(60), 12L, t0, 13L, t0);
    assertThat(Processes.pick(cmdlines, "/h/job-0/index.m3u8", 13L, starts::get)).contains(10L);
    assertThat(Processes.pick(cmdlines, "/h/job-1/", 13L, starts::get)).contains(12L);
    assertThat(Processes.pick(cmdlines, "/h/job-2/", 13L, starts::get)).isEmpty();
  }

  @Test
  void theThrottleHoldsTheWrittenMediaToTheTargetSpeed() {
    // A stand-in job: 25x real time while running (a light encode catching up), nothing while stopped.
    OverloadThrottle t = new OverloadThrottle(0.5, 1.0, 4_000);
    double content = 100; // seconds written before the overload
    long now = 0;
    int maxStopMs = 0;
    int stoppedFor = 0;
    for (int tick = 0; tick < 1200; tick++) { // 60 s at 50 ms
      boolean run = t.shouldRun(Math.floor(content), now); // the playlist advances in whole segments
      if (run) {
        content += 25 * 0.05;
        stoppedFor = 0;
      } else {
        stoppedFor += 50;
        maxStopMs = Math.max(maxStopMs, stoppedFor);
      }
      now += 50;
    }
    double speed = (content - 100) / 60.0;
    assertThat(speed).as("throughput during the overload").isBetween(0.45, 0.62);
    assertThat(t.runningShare()).as("share of time running").isLessThan(0.05);
    assertThat(maxStopMs).as("never stopped long enough to look stalled").isLessThanOrEqualTo(4_000);
    assertThat(t.lagS(now)).isBetween(20.0, 35.0);
  }

  @Test
  void theThrottleLetsAJobRunWhileItsProgressIsUnknownOrItRestarted() {
    OverloadThrottle t = new OverloadThrottle(0.5, 1.0, 4_000);
    assertThat(t.shouldRun(Double.NaN, 0)).isTrue();
    assertThat(t.shouldRun(50, 100)).isTrue();
    assertThat(t.shouldRun(52, 200)).as("ahead of 0.5x").isFalse();
    assertThat(t.shouldRun(52, 2_000)).isFalse();
    assertThat(t.shouldRun(52, 4_200)).as("stopped 4 s: let it run rather than stall").isTrue();
    assertThat(t.shouldRun(2, 4_300)).as("less media: a new process, a new budget").isTrue();
    assertThat(t.shouldRun(4, 4_400)).isFalse();
    assertThatThrownBy(() -> new OverloadThrottle(1.0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hlsContentCountsDeletedSegmentsByTheMediaSequence() {
    String playlist = """
        #EXTM3U
        #EXT-X-VERSION:3
        #EXT-X-TARGETDURATION:1
        #EXT-X-MEDIA-SEQUENCE:40
        #EXTINF:1.000000,
        index40.ts
        #EXTINF:1.000000,
        index41.ts
        #EXTINF:1.000000,
        index42.ts
        """;
    assertThat(OverloadThrottle.hlsContentSeconds(playlist)).isEqualTo(43.0);
    assertThat(OverloadThrottle.hlsContentSeconds("#EXTM3U\n#EXTINF:2.0,\na.ts\n")).isEqualTo(2.0);
    assertThat(OverloadThrottle.hlsContentSeconds("#EXTM3U\n")).isNaN();
  }

  @Test
  void theCollectorConfigListsEveryJobAsSupervisedWithItsOwnOutput() throws Exception {
    List<FfmpegJobs.Job> jobs = FfmpegJobs.plan(Path.of("/tmp/vigil-home"), 2);
    String yaml = FfmpegJobs.collectorYaml(jobs, "/usr/bin/ffmpeg", 10);
    JsonNode y = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    assertThat(y.size()).as("only the ffmpeg list: the environment sets everything else").isEqualTo(1);
    assertThat(y.path("ffmpeg").size()).isEqualTo(2);
    JsonNode first = y.path("ffmpeg").get(0);
    assertThat(first.path("name").asText()).isEqualTo("sim-ffmpeg-0");
    assertThat(first.path("stream_id").asText()).isEqualTo("sim-ingest-0");
    assertThat(first.path("mode").asText()).isEqualTo("supervised");
    assertThat(first.path("stall_after_s").asInt()).isEqualTo(10);
    assertThat(first.path("command").get(0).asText()).isEqualTo("/usr/bin/ffmpeg");
    assertThat(first.path("command").toString()).contains("-re", "testsrc=size=320x240:rate=25", "libx264")
        .doesNotContain("-progress");
    JsonNode cmd = first.path("command");
    assertThat(cmd.get(cmd.size() - 1).asText()).isEqualTo("/tmp/vigil-home/hls/job-0/index.m3u8");
    assertThat(FfmpegJobs.firstPlaylist(Path.of("/tmp/vigil-home"))).isEqualTo(jobs.get(0).playlist());
    assertThat(new ObjectMapper(new YAMLFactory()).readTree(FfmpegJobs.collectorYaml(List.of(), "ffmpeg", 10))
        .path("ffmpeg").size()).isZero();
  }

  @Test
  void scenariosJoinedByPlusRunTogether() {
    var s = ScenarioSchedule.parse("healthy@0,lossy-network+ffmpeg-overload@15,ffmpeg-crash@100");
    var step = s.at(20);
    assertThat(step.scenarios()).containsExactly(Scenario.LOSSY_NETWORK, Scenario.FFMPEG_OVERLOAD);
    assertThat(step.has(Scenario.FFMPEG_OVERLOAD)).isTrue();
    assertThat(step.label()).isEqualTo("lossy-network+ffmpeg-overload");
    assertThat(step.network(0, 0, 45).lossPct()).isGreaterThan(5);
    assertThat(ScenarioSchedule.parse("ffmpeg-overload+lossy-network@0").at(1).network(0, 0, 45).lossPct())
        .as("order does not matter for the network").isGreaterThan(5);
    assertThat(s.uses(Scenario.FFMPEG_CRASH)).isTrue();
    assertThat(s.uses(Scenario.COLLECTOR_SILENT)).isFalse();
  }

  private static void awaitState(long pid, char state) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (Processes.state(pid) != state && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(Processes.state(pid)).isEqualTo(state);
  }
}

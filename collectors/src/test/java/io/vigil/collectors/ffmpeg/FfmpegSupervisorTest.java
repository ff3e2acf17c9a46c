package io.vigil.collectors.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.collectors.delivery.RecordSink;
import io.vigil.schemas.avro.HealthSample;
import io.vigil.schemas.avro.HealthStatus;
import io.vigil.testkit.programs.RequiredProgram;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** Debian's real ffmpeg under the agent: health with fps/speed/CPU/RSS, and SIGKILL seen within 2 s. */
class FfmpegSupervisorTest {
  @Test
  void realtimeRunReportsHealthAndSigkillIsSeenWithinTwoSeconds() throws Exception {
    RequiredProgram.require("ffmpeg", "ffmpeg");
    List<HealthSample> got = new CopyOnWriteArrayList<>();
    RecordSink sink = (List<? extends SpecificRecord> records) -> records.forEach(r -> got.add((HealthSample) r));
    var spec = new FfmpegSupervisor.Spec("testsrc", "stream-ff", List.of("ffmpeg", "-hide_banner", "-re", "-f",
        "lavfi", "-i", "testsrc=size=320x240:rate=25", "-f", "null", "-"), Duration.ofMillis(500),
        Duration.ofSeconds(10), false, "node-ff", "default");
    try (FfmpegSupervisor sup = new FfmpegSupervisor(spec, sink, new AtomicLong(), new ProcReader())) {
      sup.start();
      await().atMost(Duration.ofSeconds(20)).until(() -> got.stream().anyMatch(h -> h.getStatus() == HealthStatus.running
          && h.getFps() != null && h.getSpeed() != null && h.getCpuPct() != null && h.getRssMb() != null));
      HealthSample running = got.stream().filter(h -> h.getCpuPct() != null && h.getFps() != null).reduce((a, b) -> b)
          .orElseThrow();
      assertThat(running.getRssMb()).isPositive();
      assertThat(running.getThreads()).isPositive();
      assertThat(running.getSpeed()).isPositive();
      assertThat(running.getStreamId()).isEqualTo("stream-ff");

      long killedAt = System.nanoTime();
      sup.process().toHandle().destroyForcibly(); // SIGKILL on Linux
      await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
          .until(() -> got.stream().anyMatch(h -> h.getStatus() == HealthStatus.failed));
      long ms = (System.nanoTime() - killedAt) / 1_000_000;
      HealthSample dead = got.stream().filter(h -> h.getStatus() == HealthStatus.failed).findFirst().orElseThrow();
      assertThat(dead.getExitCode()).isEqualTo(137);
      assertThat(ms).isLessThan(2_000);
    }
  }
}

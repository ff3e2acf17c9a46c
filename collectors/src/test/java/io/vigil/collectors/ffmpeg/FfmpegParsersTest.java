package io.vigil.collectors.ffmpeg;

import io.vigil.testkit.fixtures.Fixtures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.schemas.avro.HealthStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FfmpegParsersTest {
  static String text(String name) throws Exception {
    return Fixtures.text("ffmpeg/" + name);
  }

  static List<ProgressBlock> blocks(String text) {
    ProgressParser p = new ProgressParser();
    List<ProgressBlock> out = new ArrayList<>();
    text.lines().forEach(l -> {
      ProgressBlock b = p.accept(l);
      if (b != null) {
        out.add(b);
      }
    });
    return out;
  }

  @Test
  void realtimeRunHas41BlocksEndingWithEndAndNaAsNull() throws Exception {
    List<ProgressBlock> b = blocks(text("ffmpeg-progress-realtime.txt"));
    assertThat(b).hasSize(41);
    assertThat(b.get(40).end()).isTrue();
    assertThat(b.subList(0, 40)).noneMatch(ProgressBlock::end);
    assertThat(b).allSatisfy(x -> {
      assertThat(x.bitrateKbps()).isNull(); // N/A with HLS
      assertThat(x.totalSize()).isNull();
    });
    ProgressBlock last = b.get(39);
    assertThat(last.speed()).isBetween(0.9, 1.1);
    assertThat(last.fps()).isBetween(25.0, 35.0);
    // out_time_us is microseconds: ~40 blocks at ~2 per second of a -re run is tens of seconds, not hours
    assertThat(last.outTimeUs() / 1_000_000.0).isBetween(5.0, 60.0);
  }

  @Test
  void killedRunHasNoEndBlock() throws Exception {
    List<ProgressBlock> b = blocks(text("ffmpeg-progress-failed.txt"));
    assertThat(b).isNotEmpty().noneMatch(ProgressBlock::end);
  }

  @Test
  void outTimeMsIsMicrosecondsWhenOutTimeUsIsMissing() {
    ProgressParser p = new ProgressParser();
    p.accept("out_time_ms=2500000");
    p.accept("speed=N/A");
    p.accept("garbage line");
    ProgressBlock b = p.accept("progress=continue");
    assertThat(b.outTimeUs()).isEqualTo(2_500_000L);
    assertThat(b.speed()).isNull();
    assertThat(p.badLines()).isEqualTo(1);
  }

  @Test
  void procSamplesGiveCpuRssAndThreadsOfTheRecordedRun() throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> lines = text("ffmpeg-proc-samples.jsonl").lines().filter(l -> !l.isBlank()).map(l -> {
      try {
        return json.readTree(l);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).toList();
    List<Double> cpu = new ArrayList<>();
    ProcSample prev = null;
    long prevT = 0;
    for (JsonNode l : lines) {
      ProcSample s = ProcParser.parse(l.get("stat").asText(), l.get("status").asText());
      Double pct = ProcParser.cpuPct(prev, s, l.get("t").asLong() - prevT, 100);
      if (pct != null && s.threads() == 15) {
        cpu.add(pct);
      }
      prev = s;
      prevT = l.get("t").asLong();
    }
    ProcSample steady = ProcParser.parse(lines.get(lines.size() / 2).get("stat").asText(),
        lines.get(lines.size() / 2).get("status").asText());
    assertThat(steady.rssMb()).isBetween(160.0, 180.0);
    assertThat(steady.threads()).isEqualTo(15);
    assertThat(cpu).isNotEmpty();
    double median = cpu.stream().sorted().toList().get(cpu.size() / 2);
    assertThat(median).isBetween(30.0, 45.0);
  }

  @Test
  void commandNamesWithSpacesAndParensAreParsed() {
    String stat = "42 (my (odd) name) S 1 1 1 0 -1 0 0 0 0 0 7 3 0 0 20 0 4 0 999 0 0";
    ProcSample s = ProcParser.parse(stat, "VmRSS:\t  2048 kB\nThreads:\t4\n");
    assertThat(s.pid()).isEqualTo(42);
    assertThat(s.cpuTicks()).isEqualTo(10);
    assertThat(s.startTicks()).isEqualTo(999);
    assertThat(s.rssMb()).isEqualTo(2.0);
    assertThatThrownBy(() -> ProcParser.parse("nonsense", null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void statusDecision() {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    Duration stall = Duration.ofSeconds(10);
    assertThat(FfmpegStatus.of(null, t0, null, t0.plusSeconds(1), stall)).isEqualTo(HealthStatus.starting);
    assertThat(FfmpegStatus.of(null, t0, t0.plusSeconds(5), t0.plusSeconds(6), stall)).isEqualTo(HealthStatus.running);
    assertThat(FfmpegStatus.of(null, t0, t0.plusSeconds(5), t0.plusSeconds(16), stall)).isEqualTo(HealthStatus.stalled);
    assertThat(FfmpegStatus.of(0, t0, t0, t0, stall)).isEqualTo(HealthStatus.exited);
    assertThat(FfmpegStatus.of(137, t0, t0, t0, stall)).isEqualTo(HealthStatus.failed);
  }
}

package io.vigil.collectors.ffmpeg;

import io.vigil.collectors.delivery.RecordSink;
import io.vigil.schemas.avro.Component;
import io.vigil.schemas.avro.HealthSample;
import io.vigil.schemas.avro.HealthStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one FFmpeg under the agent with {@code -progress pipe:1 -nostats}, parses its progress, samples /proc, and
 * publishes a HealthSample every interval and at once when the process exits. Optionally restarts it with
 * exponential backoff.
 */
public final class FfmpegSupervisor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FfmpegSupervisor.class);

  /** What to run and how to report it. */
  public record Spec(String name, String streamId, List<String> command, Duration interval, Duration stallAfter,
      boolean restart, String nodeId, String tenant) {}

  private final Spec spec;
  private final RecordSink sink;
  private final AtomicLong seq;
  private final ProcReader proc;
  private final Clock clock = Clock.systemUTC();
  private final ScheduledExecutorService timer;
  private volatile Process process;
  private volatile Instant startedAt;
  private volatile Instant lastProgress;
  private volatile ProgressBlock lastBlock;
  private volatile ProcSample lastProc;
  private volatile long lastProcAtMs;
  private volatile Double cpuPct;
  private volatile int restarts;
  private volatile boolean closed;

  public FfmpegSupervisor(Spec spec, RecordSink sink, AtomicLong seq, ProcReader proc) {
    this.spec = spec;
    this.sink = sink;
    this.seq = seq;
    this.proc = proc;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ffmpeg-" + spec.name());
      t.setDaemon(true);
      return t;
    });
  }

  /** The command with progress reporting to our stdout inserted right after the program name. */
  static List<String> withProgress(List<String> command) {
    List<String> c = new ArrayList<>(command);
    c.addAll(1, List.of("-progress", "pipe:1", "-nostats"));
    return c;
  }

  public void start() {
    launch();
    long ms = spec.interval().toMillis();
    timer.scheduleAtFixedRate(this::report, ms, ms, TimeUnit.MILLISECONDS);
  }

  private synchronized void launch() {
    try {
      ProcessBuilder pb = new ProcessBuilder(withProgress(spec.command())).redirectError(ProcessBuilder.Redirect.DISCARD)
          .redirectInput(ProcessBuilder.Redirect.PIPE);
      Process p = pb.start();
      process = p;
      startedAt = clock.instant();
      lastProgress = null;
      lastBlock = null;
      lastProc = null;
      cpuPct = null;
      Thread reader = new Thread(() -> readProgress(p), "ffmpeg-progress-" + spec.name());
      reader.setDaemon(true);
      reader.start();
      p.onExit().thenRun(() -> onExit(p));
      LOG.info("started ffmpeg '{}' pid {}", spec.name(), p.pid());
    } catch (IOException e) {
      LOG.warn("cannot start ffmpeg '{}': {}", spec.name(), e.toString());
      publish(HealthStatus.failed, null, null);
    }
  }

  private void readProgress(Process p) {
    ProgressParser parser = new ProgressParser();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        ProgressBlock b = parser.accept(line);
        if (b != null) {
          lastBlock = b;
          lastProgress = clock.instant();
        }
      }
    } catch (IOException e) {
      LOG.debug("progress pipe of '{}' closed: {}", spec.name(), e.toString());
    }
  }

  private void onExit(Process p) {
    if (p != process) {
      return;
    }
    int code = p.exitValue();
    publish(code == 0 ? HealthStatus.exited : HealthStatus.failed, code, p.pid());
    if (spec.restart() && !closed) {
      long backoff = Math.min(60_000, 1_000L << Math.min(restarts, 6));
      restarts++;
      LOG.warn("ffmpeg '{}' exited with {}; restart #{} in {} ms", spec.name(), code, restarts, backoff);
      timer.schedule(this::launch, backoff, TimeUnit.MILLISECONDS);
    }
  }

  /** Samples and publishes at once (collect_now); false when the process is not running. */
  public boolean reportNow() {
    Process p = process;
    if (p == null || !p.isAlive() || closed) {
      return false;
    }
    timer.execute(this::report);
    return true;
  }

  public String streamId() {
    return spec.streamId();
  }

  private void report() {
    Process p = process;
    if (p == null || !p.isAlive() || closed) {
      return;
    }
    proc.sample(p.pid()).ifPresent(s -> {
      long now = System.currentTimeMillis();
      Double pct = ProcParser.cpuPct(lastProc, s, now - lastProcAtMs, ProcReader.CLK_TCK);
      if (pct != null) {
        cpuPct = pct;
      }
      lastProc = s;
      lastProcAtMs = now;
    });
    Instant now = clock.instant();
    publish(FfmpegStatus.of(null, startedAt, lastProgress, now, spec.stallAfter()), null, p.pid());
  }

  private void publish(HealthStatus status, Integer exitCode, Long pid) {
    ProgressBlock b = lastBlock;
    ProcSample ps = lastProc;
    Map<String, Double> extra = new HashMap<>();
    Instant now = clock.instant();
    HealthSample.Builder h = HealthSample.newBuilder().setEventId(UUID.randomUUID().toString()).setTs(now)
        .setTenant(spec.tenant()).setNodeId(spec.nodeId()).setCollectorSeq(seq.incrementAndGet())
        .setLabels(Map.of("name", spec.name())).setComponent(Component.ffmpeg)
        .setInstance(pid == null ? spec.name() : Long.toString(pid)).setStreamId(spec.streamId()).setStatus(status)
        .setExitCode(exitCode).setRestarts(restarts).setExtra(extra);
    if (status != HealthStatus.exited && status != HealthStatus.failed) {
      h.setCpuPct(cpuPct);
      if (ps != null) {
        h.setRssMb(ps.rssMb()).setThreads(ps.threads());
      }
    }
    if (startedAt != null) {
      h.setUptimeS(Duration.between(startedAt, now).toMillis() / 1000.0);
    }
    if (b != null) {
      h.setFps(b.fps()).setSpeed(b.speed()).setBitrateKbps(b.bitrateKbps())
          .setOutTimeMs(b.outTimeUs() == null ? null : b.outTimeUs() / 1000).setFrames(b.frame())
          .setDropFrames(b.dropFrames()).setDupFrames(b.dupFrames());
    }
    try {
      sink.publish(List.of(h.build()));
    } catch (RuntimeException e) {
      LOG.warn("could not spool ffmpeg health for '{}': {}", spec.name(), e.toString());
    }
  }

  public Process process() {
    return process;
  }

  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
    Process p = process;
    if (p != null && p.isAlive()) {
      p.destroy();
    }
  }
}

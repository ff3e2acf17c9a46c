package io.vigil.collectors.ffmpeg;

import io.vigil.collectors.delivery.RecordSink;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one FFmpeg under the agent with {@code -progress pipe:1 -nostats} (or {@code -progress tcp://127.0.0.1:PORT}
 * to a {@link ProgressServer} when stdout is taken, e.g. {@code -f mpegts -}), parses its progress, samples /proc, and
 * publishes a HealthSample every interval and at once when the process exits. Optionally restarts it with
 * exponential backoff.
 */
public final class FfmpegSupervisor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FfmpegSupervisor.class);

  /** Where FFmpeg writes {@code -progress}: its stdout, or a TCP connection to the agent. */
  public enum Progress { pipe, tcp }

  /** What to run and how to report it; {@code progressPort} 0 picks a free port in tcp mode. */
  public record Spec(String name, String streamId, List<String> command, Duration interval, Duration stallAfter,
      boolean restart, String nodeId, String tenant, Progress progress, int progressPort) {
    public Spec(String name, String streamId, List<String> command, Duration interval, Duration stallAfter,
        boolean restart, String nodeId, String tenant) {
      this(name, streamId, command, interval, stallAfter, restart, nodeId, tenant, Progress.pipe, 0);
    }
  }

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
  private volatile ProgressServer progressServer;

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
    return withProgress(command, "pipe:1");
  }

  /** The command with {@code -progress URL -nostats} inserted right after the program name. */
  static List<String> withProgress(List<String> command, String url) {
    List<String> c = new ArrayList<>(command);
    c.addAll(1, List.of("-progress", url, "-nostats"));
    return c;
  }

  public void start() {
    if (spec.progress() == Progress.tcp) {
      try {
        progressServer = new ProgressServer(spec.name(), spec.progressPort(), this::onProgress);
      } catch (IOException e) {
        LOG.warn("cannot listen for progress of ffmpeg '{}' on port {}: {}", spec.name(), spec.progressPort(),
            e.toString());
        publish(HealthStatus.failed, null, null);
        return;
      }
    }
    launch();
    long ms = spec.interval().toMillis();
    timer.scheduleAtFixedRate(this::report, ms, ms, TimeUnit.MILLISECONDS);
  }

  private synchronized void launch() {
    try {
      ProgressServer server = progressServer;
      ProcessBuilder pb = new ProcessBuilder(server == null ? withProgress(spec.command())
          : withProgress(spec.command(), server.url())).redirectError(ProcessBuilder.Redirect.DISCARD)
          .redirectInput(ProcessBuilder.Redirect.PIPE);
      if (server != null) {
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
      }
      lastProgress = null; // reset before the start: a tcp progress connection may report at once
      lastBlock = null;
      lastProc = null;
      cpuPct = null;
      startedAt = clock.instant();
      Process p = pb.start();
      process = p;
      if (server == null) {
        Thread reader = new Thread(() -> readProgress(p), "ffmpeg-progress-" + spec.name());
        reader.setDaemon(true);
        reader.start();
      }
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
          onProgress(b);
        }
      }
    } catch (IOException e) {
      LOG.debug("progress pipe of '{}' closed: {}", spec.name(), e.toString());
    }
  }

  private void onProgress(ProgressBlock b) {
    lastBlock = b;
    lastProgress = clock.instant();
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
    Instant now = clock.instant();
    HealthSample.Builder h = FfmpegHealth.of(spec.tenant(), spec.nodeId(), seq.incrementAndGet(), now, spec.name(), pid,
        spec.streamId(), status, exitCode, restarts, Map.of("name", spec.name(), "progress", spec.progress().name()));
    if (status != HealthStatus.exited && status != HealthStatus.failed) {
      FfmpegHealth.withProc(h, cpuPct, lastProc);
    }
    if (startedAt != null) {
      h.setUptimeS(Duration.between(startedAt, now).toMillis() / 1000.0);
    }
    FfmpegHealth.withProgress(h, lastBlock);
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
    ProgressServer server = progressServer;
    if (server != null) {
      server.close();
    }
    Process p = process;
    if (p != null && p.isAlive()) {
      p.destroy();
    }
  }
}

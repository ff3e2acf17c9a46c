package io.vigil.collectors.ffmpeg;

import io.vigil.collectors.delivery.RecordSink;
import io.vigil.schemas.avro.HealthSample;
import io.vigil.schemas.avro.HealthStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches an FFmpeg the agent did not start: found by pid file or by a regex over {@code /proc/<pid>/cmdline}.
 * Samples {@code /proc/<pid>/stat|status} (CPU %, RSS, threads, uptime from the process start tick) every interval and
 * checks liveness every {@code livenessEvery} (100 ms by default), so an exit is published well within a second.
 *
 * <p>A process that is not our child has no exit status we can read: the exit is reported as status {@code exited}
 * with {@code exit_code} null and the label {@code exit_code=unknown} ({@code exit_reason=not_a_child}); rules on a
 * non-zero exit code therefore never fire for attached processes, rules on {@code exited} do. Before any process is
 * found, status {@code unknown} with label {@code attach_state=not_found} is published each interval. After an exit the
 * watcher keeps looking: a new process (a rewritten pid file, a new command-line match) is attached and counted in
 * {@code restarts}. A pid file that still names the dead pid is not re-attached (pid reuse) unless it is rewritten.
 *
 * <p>With {@code progressPort} set, a {@link ProgressServer} listens there and the process must have been started
 * with {@code -progress tcp://127.0.0.1:PORT}: fps, speed, bitrate and stall detection then work as for supervised
 * processes. Without it the status is {@code running} while the process exists (no stall detection).
 */
public final class FfmpegAttachment implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FfmpegAttachment.class);

  /** How the process is found. */
  public enum Mode { pidfile, cmdline }

  /** What to watch; {@code progressPort} null = no progress, 0 = any free port. */
  public record Spec(String name, String streamId, Mode mode, Path pidFile, Pattern cmdlineRegex, Integer progressPort,
      Duration interval, Duration stallAfter, Duration livenessEvery, String nodeId, String tenant) {
    public Spec {
      if (mode == Mode.pidfile && pidFile == null) {
        throw new IllegalArgumentException("ffmpeg '" + name + "': mode pidfile needs pid_file");
      }
      if (mode == Mode.cmdline && cmdlineRegex == null) {
        throw new IllegalArgumentException("ffmpeg '" + name + "': mode cmdline needs cmdline_regex");
      }
    }
  }

  private final Spec spec;
  private final RecordSink sink;
  private final AtomicLong seq;
  private final ProcReader proc;
  private final Clock clock = Clock.systemUTC();
  private final long self = ProcessHandle.current().pid();
  private final ScheduledExecutorService timer;
  private ProgressServer progressServer;
  // all below guarded by "this"
  private Long pid;
  private long startTicks;
  private Instant attachedAt;
  private Long gonePid;
  private long pidFileMtimeAtAttach;
  private long lastLocateMs;
  private boolean everSeen;
  private int restarts;
  private ProcSample lastProc;
  private long lastProcAtMs;
  private Double cpuPct;
  private Double uptimeS;
  private volatile Instant lastProgress;
  private volatile ProgressBlock lastBlock;
  private volatile boolean closed;

  public FfmpegAttachment(Spec spec, RecordSink sink, AtomicLong seq, ProcReader proc) {
    this.spec = spec;
    this.sink = sink;
    this.seq = seq;
    this.proc = proc;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ffmpeg-attach-" + spec.name());
      t.setDaemon(true);
      return t;
    });
  }

  /** Opens the progress listener (if any) and starts checking; throws when the progress port cannot be bound. */
  public void start() throws IOException {
    if (spec.progressPort() != null) {
      progressServer = new ProgressServer(spec.name(), spec.progressPort(), b -> {
        lastBlock = b;
        lastProgress = clock.instant();
      });
    }
    long live = spec.livenessEvery() == null ? 100 : Math.max(10, spec.livenessEvery().toMillis());
    timer.scheduleWithFixedDelay(this::check, 0, live, TimeUnit.MILLISECONDS);
    long ms = spec.interval().toMillis();
    timer.scheduleAtFixedRate(this::report, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** The progress listener's port (tcp progress), or -1. */
  public int progressPort() {
    return progressServer == null ? -1 : progressServer.port();
  }

  public String streamId() {
    return spec.streamId();
  }

  /** The attached pid, if a process is attached now. */
  public synchronized Optional<Long> pid() {
    return Optional.ofNullable(pid);
  }

  /** Samples and publishes at once (collect_now); false when no process is attached. */
  public boolean reportNow() {
    synchronized (this) {
      if (pid == null || closed) {
        return false;
      }
    }
    timer.execute(this::report);
    return true;
  }

  private synchronized void check() {
    if (closed) {
      return;
    }
    try {
      if (pid != null) {
        Optional<ProcSample> s = proc.stat(pid);
        if (s.isEmpty() || dead(s.get()) || s.get().startTicks() != startTicks) {
          gone();
        }
      }
      long now = System.currentTimeMillis();
      if (pid == null && now - lastLocateMs >= Math.min(1000, spec.interval().toMillis())) {
        lastLocateMs = now;
        locate();
      }
    } catch (RuntimeException e) {
      LOG.warn("checking ffmpeg '{}' failed: {}", spec.name(), e.toString());
    }
  }

  private static boolean dead(ProcSample s) {
    return s.state() == 'Z' || s.state() == 'X' || s.state() == 'x';
  }

  private void gone() {
    LOG.warn("attached ffmpeg '{}' pid {} is gone (exit status unknown: not a child of the agent)", spec.name(), pid);
    Long was = pid;
    pid = null;
    gonePid = was;
    publish(HealthStatus.exited, was);
    lastProc = null;
    cpuPct = null;
  }

  private void locate() {
    Long candidate = null;
    long mtime = 0;
    if (spec.mode() == Mode.pidfile) {
      candidate = proc.pidFromFile(spec.pidFile()).orElse(null);
      mtime = mtime(spec.pidFile());
      if (candidate != null && candidate.equals(gonePid) && mtime == pidFileMtimeAtAttach) {
        return; // stale pid file naming the process that exited; the pid may belong to someone else by now
      }
    } else {
      List<ProcReader.Cmdline> found = proc.findByCmdline(spec.cmdlineRegex(), self);
      Optional<ProcSample> oldest = found.stream().map(c -> proc.stat(c.pid())).flatMap(Optional::stream)
          .filter(s -> !dead(s)).min(Comparator.comparingLong(ProcSample::startTicks));
      if (found.size() > 1) {
        LOG.debug("{} processes match the cmdline_regex of ffmpeg '{}': watching the oldest", found.size(),
            spec.name());
      }
      candidate = oldest.map(ProcSample::pid).orElse(null);
    }
    if (candidate == null) {
      return;
    }
    Optional<ProcSample> s = proc.stat(candidate);
    if (s.isEmpty() || dead(s.get())) {
      return;
    }
    pid = candidate;
    startTicks = s.get().startTicks();
    pidFileMtimeAtAttach = mtime;
    attachedAt = clock.instant();
    lastProgress = null;
    lastBlock = null;
    if (everSeen) {
      restarts++;
    }
    everSeen = true;
    LOG.info("attached to ffmpeg '{}' pid {} ({})", spec.name(), pid, spec.mode());
    sampleProc();
    publish(status(), pid);
  }

  private static long mtime(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  private void sampleProc() {
    proc.sample(pid).filter(s -> s.startTicks() == startTicks).ifPresent(s -> {
      long now = System.currentTimeMillis();
      Double pct = ProcParser.cpuPct(lastProc, s, now - lastProcAtMs, ProcReader.CLK_TCK);
      if (pct != null) {
        cpuPct = pct;
      }
      lastProc = s;
      lastProcAtMs = now;
      uptimeS = ProcParser.uptimeS(s, proc.systemUptimeS(), ProcReader.CLK_TCK);
    });
  }

  private HealthStatus status() {
    if (spec.progressPort() == null) {
      return HealthStatus.running;
    }
    return FfmpegStatus.of(null, attachedAt, lastProgress, clock.instant(), spec.stallAfter());
  }

  private synchronized void report() {
    if (closed) {
      return;
    }
    try {
      if (pid == null) {
        if (!everSeen) {
          publish(HealthStatus.unknown, null);
        }
        return;
      }
      sampleProc();
      publish(status(), pid);
    } catch (RuntimeException e) {
      LOG.warn("reporting ffmpeg '{}' failed: {}", spec.name(), e.toString());
    }
  }

  private void publish(HealthStatus status, Long forPid) {
    Map<String, String> labels = new HashMap<>();
    labels.put("name", spec.name());
    labels.put("attach", spec.mode().name());
    labels.put("progress", spec.progressPort() == null ? "none" : "tcp");
    if (status == HealthStatus.exited) {
      labels.put("exit_code", "unknown");
      labels.put("exit_reason", "not_a_child");
    } else if (status == HealthStatus.unknown) {
      labels.put("attach_state", "not_found");
    }
    HealthSample.Builder h = FfmpegHealth.of(spec.tenant(), spec.nodeId(), seq.incrementAndGet(), clock.instant(),
        spec.name(), forPid, spec.streamId(), status, null, restarts, labels);
    if (forPid != null) {
      if (status != HealthStatus.exited) {
        FfmpegHealth.withProc(h, cpuPct, lastProc);
      }
      h.setUptimeS(uptimeS);
      FfmpegHealth.withProgress(h, lastBlock);
    }
    try {
      sink.publish(List.of(h.build()));
    } catch (RuntimeException e) {
      LOG.warn("could not spool ffmpeg health for '{}': {}", spec.name(), e.toString());
    }
  }

  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
    if (progressServer != null) {
      progressServer.close();
    }
  }
}

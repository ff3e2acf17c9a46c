package io.vigil.devstack.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Acts out the FFmpeg scenarios on one real FFmpeg job, found by its unique HLS output path in /proc/PID/cmdline:
 * {@code ffmpeg-overload} holds it to half real time with SIGSTOP/SIGCONT ({@link OverloadThrottle}), so its
 * {@code speed} drops below the FfmpegSlow threshold; {@code ffmpeg-crash} SIGKILLs it once as the scenario begins (the
 * collector reports status failed with exit code 137 and restarts it). Never leaves the job stopped.
 */
final class FfmpegActor {
  static final double OVERLOAD_SPEED = 0.5;
  private static final long TICK_MS = 50;
  private static final long LOG_EVERY_MS = 15_000;

  private final Path playlist;
  private final PrintStream out;
  private OverloadThrottle throttle;
  private long pid = -1;
  private boolean stopped;
  private boolean overloading;
  private boolean crashDone;
  private boolean warnedMissing;
  private long lastTickMs;
  private long lastLogMs;
  private long lastLookupMs;
  private volatile long stoppedPid = -1;
  private final Thread releaseOnExit = new Thread(this::releaseNow, "ffmpeg-actor-release");
  private boolean hookAdded;

  FfmpegActor(Path playlist, PrintStream out) {
    this.playlist = playlist.toAbsolutePath();
    this.out = out;
  }

  Path playlist() {
    return playlist;
  }

  /** Called from the simulator's loop; does at most one round of work every 50 ms. */
  void tick(ScenarioSchedule.Step step, long nowMs, double elapsedS) {
    boolean overload = step.has(Scenario.FFMPEG_OVERLOAD);
    boolean crash = step.has(Scenario.FFMPEG_CRASH);
    if (!crash) {
      crashDone = false;
    } else if (!crashDone) {
      crashDone = true;
      crash(elapsedS);
    }
    if (!overload) {
      if (overloading) {
        overloading = false;
        release();
        out.printf("[%5.0fs] ffmpeg-overload over: job (pid %d) runs freely again and catches up%n", elapsedS, pid);
      }
      return;
    }
    if (nowMs - lastTickMs < TICK_MS) {
      return;
    }
    lastTickMs = nowMs;
    if (!overloading) {
      overloading = true;
      throttle = new OverloadThrottle(OVERLOAD_SPEED, 1.0, 4_000);
      lastLogMs = nowMs;
      pid = -1;
    }
    if (!alive(pid) || nowMs - lastLookupMs > 5_000) {
      lastLookupMs = nowMs;
      long found = find().orElse(-1L);
      if (found != pid) {
        stopped = false;
        throttle = new OverloadThrottle(OVERLOAD_SPEED, 1.0, 4_000);
        pid = found;
        if (found > 0) {
          out.printf("[%5.0fs] ffmpeg-overload: holding FFmpeg job pid %d (output %s) to %.1fx real time with "
              + "SIGSTOP/SIGCONT%n", elapsedS, found, playlist, OVERLOAD_SPEED);
        }
      }
      if (pid < 0) {
        warnMissing("ffmpeg-overload", elapsedS);
        return;
      }
    }
    boolean run = throttle.shouldRun(content(), nowMs);
    if (run && stopped) {
      signal("CONT");
    } else if (!run && !stopped) {
      signal("STOP");
    }
    if (nowMs - lastLogMs >= LOG_EVERY_MS) {
      lastLogMs = nowMs;
      out.printf("[%5.0fs] ffmpeg-overload: job pid %d ran %.0f %% of the time, %.1f s behind real time%n", elapsedS,
          pid, 100 * throttle.runningShare(), throttle.lagS(nowMs));
    }
  }

  /** Lets the job run again (the simulator is stopping, or the overload is over). */
  void release() {
    if (stopped && pid > 0) {
      signal("CONT");
    }
    stopped = false;
  }

  private void crash(double elapsedS) {
    Optional<Long> target = find();
    if (target.isEmpty()) {
      warnMissing("ffmpeg-crash", elapsedS);
      return;
    }
    long p = target.get();
    if (p == stoppedPid) {
      releaseNow();
    }
    boolean ok = Processes.signal(p, "KILL");
    out.printf("[%5.0fs] ffmpeg-crash: %s FFmpeg job pid %d (output %s); the collector reports it failed "
        + "(exit code 137) and restarts it%n", elapsedS, ok ? "SIGKILLed" : "could not SIGKILL", p, playlist);
  }

  private Optional<Long> find() {
    return Processes.findByCmdline(playlist.toString());
  }

  private void warnMissing(String scenario, double elapsedS) {
    if (!warnedMissing) {
      warnedMissing = true;
      out.printf("[%5.0fs] %s: no FFmpeg job writing %s is running (the collector has no "
          + "FFmpeg jobs): FFmpeg scenarios are skipped%n", elapsedS, scenario, playlist);
    }
  }

  private double content() {
    try {
      return OverloadThrottle.hlsContentSeconds(Files.readString(playlist));
    } catch (IOException | RuntimeException e) {
      return Double.NaN; // not written yet, or caught mid-rename
    }
  }

  private void signal(String sig) {
    if (sig.equals("STOP") && !hookAdded) {
      hookAdded = true;
      Runtime.getRuntime().addShutdownHook(releaseOnExit);
    }
    if (Processes.signal(pid, sig)) {
      stopped = sig.equals("STOP");
      stoppedPid = stopped ? pid : -1;
    } else if (!alive(pid)) {
      stopped = false;
      stoppedPid = -1;
    }
  }

  private void releaseNow() {
    long p = stoppedPid;
    if (p > 0) {
      Processes.signal(p, "CONT");
      stoppedPid = -1;
    }
  }

  private static boolean alive(long pid) {
    return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}

package io.vigil.devstack.simulator;

/**
 * How far an {@code -re} encode has got: media time follows the wall clock while the process runs, stands still while
 * it is stopped (SIGSTOP, or a starved CPU), and afterwards catches up at most {@link #CATCH_UP_SPEED} times real
 * time, as FFmpeg reading a live-rate input does. Speed is media time over wall time since the start, the average
 * FFmpeg itself reports.
 */
final class MediaClock {
  static final double CATCH_UP_SPEED = 4.0;
  /** A tick longer than this was a pause, not work: only this much of it counts at catch-up speed. */
  private static final double MAX_WORK_S = 0.5;

  private final long startNanos;
  private long lastNanos;
  private double mediaS;

  MediaClock(long startNanos) {
    this.startNanos = startNanos;
    this.lastNanos = startNanos;
  }

  /** Media seconds encoded by {@code nowNanos}. */
  double advance(long nowNanos) {
    double wallS = (nowNanos - startNanos) / 1e9;
    double workS = Math.min((nowNanos - lastNanos) / 1e9, MAX_WORK_S);
    lastNanos = nowNanos;
    double behind = wallS - mediaS;
    mediaS += Math.max(0, Math.min(behind, workS * (behind > workS ? CATCH_UP_SPEED : 1.0)));
    return mediaS;
  }

  double speed(long nowNanos) {
    double wallS = (nowNanos - startNanos) / 1e9;
    return wallS <= 0 ? 0 : mediaS / wallS;
  }
}

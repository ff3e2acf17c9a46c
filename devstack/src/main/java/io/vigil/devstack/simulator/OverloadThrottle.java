package io.vigil.devstack.simulator;

/**
 * The duty cycle that makes a real {@code -re} FFmpeg fall behind real time. A plain fixed SIGSTOP/SIGCONT pattern
 * does not: a light encode needs a few percent of a core, so after every stop {@code -re} reads as fast as it can and
 * catches up within tens of milliseconds, and FFmpeg's (cumulative) speed stays at about 0.98x. Instead the job may
 * only run while the media it has written stays below {@code speed} x the wall time since the overload began (plus
 * {@code slackS}); it is stopped otherwise, but never longer than {@code maxStopMs} at a stretch (so the collector
 * sees a slow job, not a stalled one). Pure: the caller feeds the written media seconds and the clock, and sends the
 * signals.
 */
public final class OverloadThrottle {
  private final double speed;
  private final double slackS;
  private final long maxStopMs;
  private double baseContentS = Double.NaN;
  private long baseMs;
  private double lastContentS = Double.NaN;
  private long stoppedSinceMs = -1;
  private long lastMs = -1;
  private long runningMs;
  private long stoppedMs;

  public OverloadThrottle(double speed, double slackS, long maxStopMs) {
    if (speed <= 0 || speed >= 1) {
      throw new IllegalArgumentException("an overload runs slower than real time: speed must be in (0, 1)");
    }
    this.speed = speed;
    this.slackS = slackS;
    this.maxStopMs = maxStopMs;
  }

  /**
   * Whether the job should run now, given the seconds of media it has written so far ({@code NaN} when unknown, e.g.
   * no playlist yet: then it runs). Less media than last time means a new process: the budget starts over.
   */
  public boolean shouldRun(double contentS, long nowMs) {
    boolean wasStopped = stoppedSinceMs >= 0;
    if (lastMs >= 0) {
      if (wasStopped) {
        stoppedMs += nowMs - lastMs;
      } else {
        runningMs += nowMs - lastMs;
      }
    }
    lastMs = nowMs;
    if (Double.isNaN(contentS)) {
      stoppedSinceMs = -1;
      return true;
    }
    if (Double.isNaN(baseContentS) || contentS < lastContentS) {
      baseContentS = contentS;
      baseMs = nowMs;
    }
    lastContentS = contentS;
    double allowed = baseContentS + speed * (nowMs - baseMs) / 1000.0 + slackS;
    boolean run = contentS < allowed || wasStopped && nowMs - stoppedSinceMs >= maxStopMs;
    if (run) {
      stoppedSinceMs = -1;
    } else if (!wasStopped) {
      stoppedSinceMs = nowMs;
    }
    return run;
  }

  /** The share of wall time the job was allowed to run so far (0..1); 1 before any decision. */
  public double runningShare() {
    long total = runningMs + stoppedMs;
    return total == 0 ? 1 : (double) runningMs / total;
  }

  /** Seconds of media the job was held back by, against real time, at its last reading. */
  public double lagS(long nowMs) {
    return Double.isNaN(baseContentS) ? 0 : baseContentS + (nowMs - baseMs) / 1000.0 - lastContentS;
  }

  /** Playlist arithmetic: media seconds an HLS playlist's segments account for, NaN when it lists none. */
  public static double hlsContentSeconds(String playlist) {
    long mediaSequence = 0;
    double listed = 0;
    int segments = 0;
    for (String line : playlist.split("\\R")) {
      String l = line.trim();
      if (l.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
        mediaSequence = Long.parseLong(l.substring("#EXT-X-MEDIA-SEQUENCE:".length()).trim());
      } else if (l.startsWith("#EXTINF:")) {
        String d = l.substring("#EXTINF:".length());
        int comma = d.indexOf(',');
        listed += Double.parseDouble(comma < 0 ? d : d.substring(0, comma));
        segments++;
      }
    }
    if (segments == 0) {
      return Double.NaN;
    }
    // Segments already deleted from the list are counted at the listed ones' average length.
    return listed + mediaSequence * (listed / segments);
  }
}

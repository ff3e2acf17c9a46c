package io.vigil.devstack.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives a simulated SFU fleet against a collector over HTTP, as real browsers would: each participant posts its
 * getStats() report every interval, phases spread so the load is even. Says so when it cannot keep the rate.
 */
public final class FleetSimulator {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_IN_FLIGHT = 256;

  private final URI endpoint;
  private final String token;
  private final List<Population.Participant> participants;
  private final Duration interval;
  private final ScenarioSchedule schedule;
  private final PrintStream out;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private volatile boolean stopped;
  private ControlPlane controlPlane;
  private FfmpegActor ffmpeg;

  /** Counts so far: reports sent, accepted (2xx), rejected (4xx/5xx), failed (no answer), skipped (could not keep up). */
  public record Counts(long sent, long accepted, long rejected, long failed, long skipped) {}

  public FleetSimulator(String collectorUrl, String token, Population population, Duration interval,
                        ScenarioSchedule schedule, PrintStream out) {
    this.endpoint = URI.create(collectorUrl.replaceAll("/+$", "") + "/v1/webrtc/stats");
    this.token = token;
    this.participants = population.participants();
    this.interval = interval;
    this.schedule = schedule;
    this.out = out;
  }

  /** Also drive the control plane's tables (stream start/error/stop), so CDC carries the lifecycle. */
  public FleetSimulator withControlPlane(ControlPlane controlPlane) {
    this.controlPlane = controlPlane;
    return this;
  }

  /**
   * Act out {@code ffmpeg-overload} and {@code ffmpeg-crash} on the real FFmpeg job whose command line names this
   * output playlist (the collector supervises it; see {@link FfmpegJobs}).
   */
  public FleetSimulator withFfmpegJob(java.nio.file.Path playlist) {
    this.ffmpeg = new FfmpegActor(playlist, out);
    return this;
  }

  public Counts counts() {
    return new Counts(sent.get(), accepted.get(), rejected.get(), failed.get(), skipped.get());
  }

  public void stop() {
    stopped = true;
  }

  /** Runs until {@code duration} has passed (or {@link #stop()}); returns the final counts. */
  public Counts run(Duration duration) throws InterruptedException {
    long start = System.currentTimeMillis();
    long end = duration.isZero() ? Long.MAX_VALUE : start + duration.toMillis();
    long intervalMs = interval.toMillis();
    int n = participants.size();
    double targetPerS = n * 1000.0 / intervalMs;
    long[] due = new long[n];
    for (int i = 0; i < n; i++) {
      due[i] = start + (intervalMs * i) / n;
    }
    out.printf("simulating %d participants (%d tracks) -> %s, one report each per %d ms (%.0f reports/s)%n",
        n, n * 2, endpoint, intervalMs, targetPerS);
    controlPlane(cp -> cp.start(participants));
    if (ffmpeg == null && (schedule.uses(Scenario.FFMPEG_OVERLOAD) || schedule.uses(Scenario.FFMPEG_CRASH))) {
      out.println("NOTE: no FFmpeg job to act on (none configured): ffmpeg-overload and "
          + "ffmpeg-crash are skipped; their network is healthy");
    }
    try {
      loop(start, end, intervalMs, n, targetPerS, due);
    } finally {
      if (ffmpeg != null) {
        ffmpeg.release();
      }
    }
    inFlight.acquire(MAX_IN_FLIGHT);
    inFlight.release(MAX_IN_FLIGHT);
    controlPlane(cp -> cp.stopAll(participants));
    return counts();
  }

  private void loop(long start, long end, long intervalMs, int n, double targetPerS, long[] due)
      throws InterruptedException {
    long lastReport = start;
    long lastSent = 0;
    ScenarioSchedule.Step current = null;
    int behindSeconds = 0;
    while (!stopped && System.currentTimeMillis() < end) {
      long now = System.currentTimeMillis();
      double elapsedS = (now - start) / 1000.0;
      ScenarioSchedule.Step step = schedule.at(elapsedS);
      if (step != current) {
        boolean errorStarts = step.has(Scenario.STREAM_ERROR) && (current == null || !current.has(Scenario.STREAM_ERROR));
        boolean errorEnds = current != null && current.has(Scenario.STREAM_ERROR) && !step.has(Scenario.STREAM_ERROR);
        current = step;
        out.printf("[%5.0fs] scenario %s%n", elapsedS, step.label());
        if (errorStarts || errorEnds) {
          String stream = participants.get(0).streamId();
          controlPlane(cp -> cp.setState(stream, errorStarts ? "error" : "live"));
        }
      }
      if (ffmpeg != null) {
        ffmpeg.tick(step, now, elapsedS);
      }
      for (int i = 0; i < n; i++) {
        if (due[i] > now) {
          continue;
        }
        due[i] += intervalMs;
        Population.Participant p = participants.get(i);
        if (step.silencesFirstNode() && p.nodeIndex() == 0) {
          continue;
        }
        Impairment imp = step.network(p.nodeIndex(), p.roomIndex(), elapsedS - step.atS());
        post(p, now, p.peer().report(now, imp, intervalMs / 1000.0));
      }
      if (now - lastReport >= 5000) {
        double rate = (sent.get() - lastSent) * 1000.0 / (now - lastReport);
        out.printf("[%5.0fs] %.0f reports/s (target %.0f), accepted %d, rejected %d, failed %d, skipped %d%n",
            elapsedS, rate, targetPerS, accepted.get(), rejected.get(), failed.get(), skipped.get());
        behindSeconds = rate < targetPerS * 0.95 && !step.silencesFirstNode() ? behindSeconds + 5 : 0;
        if (behindSeconds == 10) {
          out.printf("WARNING: cannot keep %.0f reports/s on this machine (achieving %.0f); lower --participants or "
              + "raise --interval%n", targetPerS, rate);
        }
        lastReport = now;
        lastSent = sent.get();
      }
      Thread.sleep(20);
    }
  }

  private interface ControlPlaneAction {
    void apply(ControlPlane cp) throws java.sql.SQLException;
  }

  /** Control-plane trouble is reported, never fatal: the media simulation goes on. */
  private void controlPlane(ControlPlaneAction action) {
    if (controlPlane == null) {
      return;
    }
    try {
      action.apply(controlPlane);
    } catch (java.sql.SQLException e) {
      out.println("WARNING: control plane update failed: " + e.getMessage());
    }
  }

  private void post(Population.Participant p, long nowMs, List<java.util.Map<String, Object>> stats) {
    if (!inFlight.tryAcquire()) {
      skipped.incrementAndGet();
      return;
    }
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(StatsReportBody.of(p, nowMs, stats));
    } catch (Exception e) {
      inFlight.release();
      failed.incrementAndGet();
      return;
    }
    HttpRequest.Builder req = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(5))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null && !token.isBlank()) {
      req.header("Authorization", "Bearer " + token);
    }
    sent.incrementAndGet();
    http.sendAsync(req.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((resp, err) -> {
      inFlight.release();
      if (err != null) {
        failed.incrementAndGet();
      } else if (resp.statusCode() / 100 == 2) {
        accepted.incrementAndGet();
      } else {
        rejected.incrementAndGet();
      }
    });
  }
}

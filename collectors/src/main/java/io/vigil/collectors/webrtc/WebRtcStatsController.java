package io.vigil.collectors.webrtc;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.server.cors.CrossOrigin;
import io.micronaut.scheduling.annotation.Scheduled;
import io.vigil.collectors.config.AgentConfig;
import io.vigil.collectors.delivery.RecordSink;
import io.vigil.schemas.avro.QualitySample;
import java.time.Clock;
import java.util.List;

/**
 * {@code POST /v1/webrtc/stats}: a W3C getStats() report with identity tags, e.g.
 * {@code {"stream_id":"s1","participant_id":"p1","session_id":..,"room":..,"source":"browser","labels":{..},
 * "ts":epoch_ms,"stats":[RTCStats...]}}. Answers 202 with the number of samples produced.
 * Browsers post here from any origin (the snippet served at {@code /v1/webrtc/vigil.js}), so CORS is allowed for
 * this controller only: preflights are answered before the token check, and every answer (401/400/429 too) carries
 * the CORS headers so the page can read why it was refused.
 */
@Controller("/v1/webrtc")
@CrossOrigin(allowedMethods = {io.micronaut.http.HttpMethod.POST},
    allowedHeaders = {"Authorization", "Content-Type", "X-Vigil-Token"}, exposedHeaders = {"Retry-After"},
    maxAge = 3600)
public class WebRtcStatsController {
  private final WebRtcIntervalCalculator calculator;
  private final RecordSink sink;
  private final AgentConfig config;
  private final Clock clock = Clock.systemUTC();

  public WebRtcStatsController(WebRtcIntervalCalculator calculator, RecordSink sink, AgentConfig config) {
    this.calculator = calculator;
    this.sink = sink;
    this.config = config;
  }

  @Post(uri = "/stats", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> stats(@Body byte[] body) {
    // Bytes, not a String: the parser streams UTF-8 directly and never builds a tree of the (large) report.
    WebRtcPush push = WebRtcPushParser.parse(body, clock.instant(), config.maxClockSkew());
    List<QualitySample> samples;
    synchronized (calculator) {
      samples = calculator.update(push.identity(), push.report(), push.ts());
    }
    for (QualitySample s : samples) {
      s.setTenant(config.tenant());
    }
    sink.publish(samples);
    return HttpResponse.accepted().body("{\"samples\":" + samples.size() + "}");
  }

  /** Stale tracks are forgotten so memory stays bounded. */
  @Scheduled(fixedDelay = "30s")
  void forgetIdleTracks() {
    synchronized (calculator) {
      calculator.forgetIdleSince(clock.instant().minus(config.trackIdleTimeout()));
    }
  }
}

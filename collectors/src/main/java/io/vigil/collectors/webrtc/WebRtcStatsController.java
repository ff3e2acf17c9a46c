package io.vigil.collectors.webrtc;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.server.cors.CrossOrigin;
import io.micronaut.scheduling.annotation.Scheduled;
import io.vigil.collectors.config.AgentConfig;
import io.vigil.collectors.delivery.RecordSink;
import io.vigil.collectors.http.BadRequest;
import io.vigil.collectors.http.JsonBodies;
import io.vigil.schemas.avro.QualitySample;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

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
  public HttpResponse<Map<String, Object>> stats(@Body String body) {
    JsonNode req = JsonBodies.parse(body);
    if (!req.isObject()) {
      throw new BadRequest("wrong_type", "body must be a JSON object with stream_id and stats");
    }
    StreamIdentity id = new StreamIdentity(JsonBodies.requiredText(req, "stream_id", 200),
        JsonBodies.optionalText(req, "session_id", 200), JsonBodies.optionalText(req, "participant_id", 200),
        JsonBodies.optionalText(req, "room", 200), JsonBodies.optionalText(req, "source", 50),
        JsonBodies.labels(req, "labels"));
    Instant ts = JsonBodies.timestamp(req, "ts", clock.instant(), config.maxClockSkew());
    JsonNode stats = req.get("stats");
    if (stats == null || !(stats.isArray() || stats.isObject())) {
      throw new BadRequest("wrong_type", "'stats' must be the getStats() report: an array or map of RTCStats");
    }
    List<QualitySample> samples;
    synchronized (calculator) {
      samples = calculator.update(id, stats, ts);
    }
    List<QualitySample> tenanted = samples.stream().peek(s -> s.setTenant(config.tenant())).toList();
    sink.publish(tenanted);
    return HttpResponse.accepted().body(Map.of("samples", tenanted.size()));
  }

  /** Stale tracks are forgotten so memory stays bounded. */
  @Scheduled(fixedDelay = "30s")
  void forgetIdleTracks() {
    synchronized (calculator) {
      calculator.forgetIdleSince(clock.instant().minus(config.trackIdleTimeout()));
    }
  }
}

package io.vigil.collectors.mediasoup;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.annotation.Scheduled;
import io.vigil.collectors.config.AgentConfig;
import io.vigil.collectors.delivery.RecordSink;
import io.vigil.collectors.http.JsonBodies;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code POST /v1/mediasoup/stats}: what a mediasoup (v3) app server pushes every few seconds, e.g.
 * <pre>{@code
 * {"node_id": "sfu-1",                 // optional, defaults to the agent's node id
 *  "instance": "worker-4711",          // optional HealthSample instance, default "mediasoup"
 *  "ts": 1700000000000,                // optional epoch ms, default now
 *  "producers": 12, "consumers": 40,   // optional counts -> HealthSample (component sfu)
 *  "jitter_unit": "rtp",               // "rtp" (default, mediasoup >= 3.12) or "ms" (older workers)
 *  "labels": {"region": "eu"},
 *  "reports": [
 *    {"stream_id": "room1-alice-cam", "session_id": "..", "participant_id": "alice", "room": "room1",
 *     "producer_id": "..", "transport_id": "..", "labels": {..},
 *     "producer_stats": [ await producer.getStats() ],
 *     "consumer_stats": [ await consumer.getStats() ],
 *     "transport_stats": [ await transport.getStats() ]}]}
 * }</pre>
 * A single report may also sit at the top level (stream_id + {@code stats}/{@code producer_stats}/...). Answers 202
 * with how many quality and health samples were spooled; malformed input is a 400 problem+json, counted by reason.
 * See {@link MediasoupStatsMapper} for the field mapping and units.
 */
@Controller("/v1/mediasoup")
public class MediasoupStatsController {
  private final MediasoupStatsMapper mapper = new MediasoupStatsMapper();
  private final RecordSink sink;
  private final AgentConfig config;
  private final AtomicLong seq;
  private final Clock clock = Clock.systemUTC();

  public MediasoupStatsController(RecordSink sink, AgentConfig config, AtomicLong seq) {
    this.sink = sink;
    this.config = config;
    this.seq = seq;
  }

  @Post(uri = "/stats", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<Map<String, Object>> stats(@Body String body) {
    JsonNode req = JsonBodies.parse(body);
    Instant ts = req.isObject() ? JsonBodies.timestamp(req, "ts", clock.instant(), config.maxClockSkew())
        : clock.instant();
    MediasoupStatsMapper.Result r;
    synchronized (mapper) {
      if (mapper.trackedStreams() > 200_000) {
        mapper.forgetIdleSince(clock.instant().minusSeconds(10)); // bounded memory under a flood of new streams
      }
      r = mapper.map(req, config.nodeId(), config.tenant(), seq::incrementAndGet, ts, "rtp");
    }
    sink.publish(r.all());
    return HttpResponse.accepted().body(Map.of("samples", r.quality().size(), "health", r.health().size(),
        "ignored", r.ignored()));
  }

  /** Streams of ended calls are forgotten so memory stays bounded. */
  @Scheduled(fixedDelay = "30s")
  void forgetIdleStreams() {
    synchronized (mapper) {
      mapper.forgetIdleSince(clock.instant().minus(config.trackIdleTimeout()));
    }
  }
}

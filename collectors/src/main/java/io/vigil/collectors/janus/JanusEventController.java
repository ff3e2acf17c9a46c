package io.vigil.collectors.janus;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.vigil.collectors.config.AgentConfig;
import io.vigil.collectors.delivery.RecordSink;
import io.vigil.collectors.http.JsonBodies;
import io.vigil.schemas.avro.QualitySample;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code POST /v1/janus/events}: the backend of Janus' sample HTTP event handler (janus.eventhandler.sampleevh,
 * {@code backend = http://agent:8086/v1/janus/events}, grouping on or off). Answers 200 as Janus expects.
 */
@Controller("/v1/janus/events")
public class JanusEventController {
  private final JanusEventMapper mapper = new JanusEventMapper();
  private final RecordSink sink;
  private final AgentConfig config;
  private final AtomicLong seq;

  public JanusEventController(RecordSink sink, AgentConfig config, AtomicLong seq) {
    this.sink = sink;
    this.config = config;
    this.seq = seq;
  }

  @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<Map<String, Object>> events(@Body String body) {
    List<QualitySample> samples;
    synchronized (mapper) {
      if (mapper.trackedHandles() > 100_000) {
        mapper.clear(); // bounded memory: handles of ended calls are never announced as gone in type 32
      }
      samples = mapper.map(JsonBodies.parse(body), config.nodeId(), config.tenant(), seq::incrementAndGet,
          Instant.now());
    }
    sink.publish(samples);
    return HttpResponse.ok(Map.of("samples", samples.size()));
  }
}

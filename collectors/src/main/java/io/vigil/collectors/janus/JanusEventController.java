package io.vigil.collectors.janus;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.vigil.collectors.config.AgentConfig;
import io.vigil.collectors.delivery.RecordSink;
import io.vigil.collectors.http.JsonBodies;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code POST /v1/janus/events}: the backend of Janus' sample HTTP event handler (janus.eventhandler.sampleevh,
 * {@code backend = http://agent:8086/v1/janus/events}, grouping on or off; enable at least the {@code sessions},
 * {@code handles} and {@code media} event types). Answers 200 as Janus expects; see {@link JanusEventMapper}.
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
    JanusEventMapper.Mapped mapped;
    synchronized (mapper) {
      if (mapper.trackedHandles() > 100_000) {
        mapper.clear(); // bounded memory: without type-2 events (or when detaches are lost) handles are never forgotten
      }
      mapped = mapper.map(JsonBodies.parse(body), config.nodeId(), config.tenant(), seq::incrementAndGet,
          Instant.now());
    }
    sink.publish(mapped.all());
    return HttpResponse.ok(Map.of("samples", mapped.quality().size(), "metrics", mapped.metrics().size(),
        "lifecycle", mapped.lifecycle().size()));
  }
}

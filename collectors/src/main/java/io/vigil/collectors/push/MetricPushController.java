package io.vigil.collectors.push;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.vigil.collectors.config.AgentConfig;
import io.vigil.collectors.delivery.RecordSink;
import io.vigil.collectors.http.JsonBodies;
import io.vigil.schemas.avro.MetricSample;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** {@code POST /v1/metrics}: application metrics (see {@link MetricPushMapper} for the body); 202 when spooled. */
@Controller("/v1/metrics")
public class MetricPushController {
  private final RecordSink sink;
  private final AgentConfig config;
  private final AtomicLong seq;

  public MetricPushController(RecordSink sink, AgentConfig config, AtomicLong seq) {
    this.sink = sink;
    this.config = config;
    this.seq = seq;
  }

  @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<Map<String, Object>> push(@Body String body) {
    List<MetricSample> samples = MetricPushMapper.map(JsonBodies.parse(body), config.nodeId(), config.tenant(),
        seq::incrementAndGet, Instant.now(), config.maxClockSkew());
    sink.publish(samples);
    return HttpResponse.accepted().body(Map.of("samples", samples.size()));
  }
}

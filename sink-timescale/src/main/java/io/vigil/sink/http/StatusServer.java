package io.vigil.sink.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.schemas.health.StatusEndpoint;
import io.vigil.schemas.health.StatusEndpoint.Answer;
import java.io.IOException;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** A small HTTP endpoint: GET /metrics (Prometheus text) and GET /health (200 when writing, 503 when backing off). */
public final class StatusServer implements AutoCloseable {
  private final StatusEndpoint endpoint;

  public StatusServer(int port, PrometheusMeterRegistry registry, BooleanSupplier healthy) throws IOException {
    endpoint = new StatusEndpoint(port, "sink-http", Map.of(
        "/metrics", () -> new Answer(200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()),
        "/health", () -> healthy.getAsBoolean()
            ? Answer.json(200, "{\"status\":\"UP\"}") : Answer.json(503, "{\"status\":\"DOWN\"}")));
  }

  public int port() {
    return endpoint.port();
  }

  @Override
  public void close() {
    endpoint.close();
  }
}

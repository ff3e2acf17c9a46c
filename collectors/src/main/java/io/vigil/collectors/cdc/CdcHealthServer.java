package io.vigil.collectors.cdc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.vigil.schemas.health.HealthPort;
import io.vigil.schemas.health.StatusEndpoint;
import io.vigil.schemas.health.StatusEndpoint.Answer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The standalone CDC process's only HTTP endpoint: GET /health answers 200 while {@link CdcSource#health()} says
 * RUNNING and 503 otherwise (STARTING, RECONNECTING, STOPPED), with the health and the counters as JSON. docker-compose
 * and {@code ./vigil up/status} probe it.
 */
public final class CdcHealthServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StatusEndpoint endpoint;

  public CdcHealthServer(CdcSource source, int port) throws IOException {
    this(port, source::health, source::counters);
  }

  public CdcHealthServer(int port, Supplier<CdcHealth> health, Supplier<CdcCounters.Snapshot> counters) throws IOException {
    endpoint = new StatusEndpoint(port, "cdc-http", Map.of("/health", () -> {
      CdcHealth h = health.get();
      try {
        return Answer.json(h.healthy() ? 200 : 503, body(h, counters.get()));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }));
  }

  public int port() {
    return endpoint.port();
  }

  static String body(CdcHealth h, CdcCounters.Snapshot c) throws JsonProcessingException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", h.healthy() ? "UP" : "DOWN");
    body.put("state", h.status().name());
    body.put("detail", h.detail());
    body.put("since", h.since() == null ? null : h.since().toString());
    body.put("restarts", h.restarts());
    body.put("lastChangeAt", h.lastChangeAt() == null ? null : h.lastChangeAt().toString());
    body.put("lastLsn", h.lastLsn());
    Map<String, Object> counters = new LinkedHashMap<>();
    counters.put("changes", c.changes());
    counters.put("published", c.published());
    counters.put("tombstones", c.tombstones());
    counters.put("badChanges", c.badChanges());
    counters.put("ignored", c.ignored());
    body.put("counters", counters);
    return JSON.writeValueAsString(body);
  }

  @Override
  public void close() {
    endpoint.close();
  }

  /** VIGIL_CDC_HEALTH_PORT: 8055 when unset; "0" or "off" disables the endpoint (returns 0). */
  static int port(Map<String, String> env) {
    return HealthPort.fromEnv(env, "VIGIL_CDC_HEALTH_PORT", 8055);
  }

}

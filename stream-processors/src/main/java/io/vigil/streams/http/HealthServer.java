package io.vigil.streams.http;

import io.vigil.schemas.health.StatusEndpoint;
import io.vigil.schemas.health.StatusEndpoint.Answer;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The streams app's status endpoint. GET /health answers 200 {@code {"status":"UP","state":"RUNNING"}} while the
 * KafkaStreams state is RUNNING or REBALANCING, and 503 with the state otherwise (CREATED, PENDING_SHUTDOWN, ERROR,
 * NOT_RUNNING...); docker-compose and {@code ./vigil up/status} probe it. GET /metrics, when given, serves the
 * Prometheus text exposition (see {@link io.vigil.streams.metrics.StreamsMetrics}).
 */
public final class HealthServer implements AutoCloseable {
  private static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private final StatusEndpoint endpoint;

  public HealthServer(int port, Supplier<KafkaStreams.State> state) throws IOException {
    this(port, state, null);
  }

  /** @param metrics the Prometheus text on each scrape, or null for no /metrics */
  public HealthServer(int port, Supplier<KafkaStreams.State> state, Supplier<String> metrics) throws IOException {
    Map<String, Supplier<Answer>> paths = new HashMap<>();
    paths.put("/health", () -> {
      KafkaStreams.State s = state.get();
      boolean up = healthy(s);
      return Answer.json(up ? 200 : 503, "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"state\":\"" + s + "\"}");
    });
    if (metrics != null) {
      paths.put("/metrics", () -> new Answer(200, METRICS_CONTENT_TYPE, metrics.get()));
    }
    endpoint = new StatusEndpoint(port, "streams-http", paths);
  }

  /** RUNNING or REBALANCING (a rebalance is routine: the app is working and will process again). */
  public static boolean healthy(KafkaStreams.State s) {
    return s == KafkaStreams.State.RUNNING || s == KafkaStreams.State.REBALANCING;
  }

  public int port() {
    return endpoint.port();
  }

  @Override
  public void close() {
    endpoint.close();
  }
}

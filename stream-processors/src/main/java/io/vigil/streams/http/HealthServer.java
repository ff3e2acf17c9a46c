package io.vigil.streams.http;

import io.vigil.schemas.health.StatusEndpoint;
import io.vigil.schemas.health.StatusEndpoint.Answer;
import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The streams app's only HTTP endpoint: GET /health answers 200 {@code {"status":"UP","state":"RUNNING"}} while the
 * KafkaStreams state is RUNNING or REBALANCING, and 503 with the state otherwise (CREATED, PENDING_SHUTDOWN, ERROR,
 * NOT_RUNNING...). docker-compose and {@code ./vigil up/status} probe it.
 */
public final class HealthServer implements AutoCloseable {
  private final StatusEndpoint endpoint;

  public HealthServer(int port, Supplier<KafkaStreams.State> state) throws IOException {
    endpoint = new StatusEndpoint(port, "streams-http", Map.of("/health", () -> {
      KafkaStreams.State s = state.get();
      boolean up = healthy(s);
      return Answer.json(up ? 200 : 503, "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"state\":\"" + s + "\"}");
    }));
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

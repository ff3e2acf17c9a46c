package io.vigil.streams.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The streams app's only HTTP endpoint: GET /health answers 200 {@code {"status":"UP","state":"RUNNING"}} while the
 * KafkaStreams state is RUNNING or REBALANCING, and 503 with the state otherwise (CREATED, PENDING_SHUTDOWN, ERROR,
 * NOT_RUNNING...). docker-compose and {@code ./vigil up/status} probe it.
 */
public final class HealthServer implements AutoCloseable {
  private final HttpServer server;

  public HealthServer(int port, Supplier<KafkaStreams.State> state) throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/health", ex -> {
      KafkaStreams.State s = state.get();
      boolean up = healthy(s);
      send(ex, up ? 200 : 503, "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"state\":\"" + s + "\"}");
    });
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "streams-http");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  /** RUNNING or REBALANCING (a rebalance is routine: the app is working and will process again). */
  public static boolean healthy(KafkaStreams.State s) {
    return s == KafkaStreams.State.RUNNING || s == KafkaStreams.State.REBALANCING;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (var out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

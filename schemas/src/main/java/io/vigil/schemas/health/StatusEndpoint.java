package io.vigil.schemas.health;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The small HTTP server a worker without a web framework (sink, Streams app, CDC) answers /health and /metrics on:
 * each path is a supplier of the answer, asked on every request, served on one daemon thread.
 */
public final class StatusEndpoint implements AutoCloseable {
  /** One answer: status code, content type and body. */
  public record Answer(int status, String contentType, String body) {
    public static Answer json(int status, String body) {
      return new Answer(status, "application/json", body);
    }
  }

  private final HttpServer server;

  /** Starts serving {@code paths} on {@code port} (0: any free port). */
  public StatusEndpoint(int port, String threadName, Map<String, Supplier<Answer>> paths) throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    paths.forEach((path, answer) -> server.createContext(path, ex -> {
      Answer a = answer.get();
      byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", a.contentType());
      ex.sendResponseHeaders(a.status(), bytes.length);
      try (var out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }));
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

package io.vigil.devstack.receiver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;

/**
 * Stands in for Slack, PagerDuty and webhook endpoints in the dev stack, so alerts can be seen without secrets:
 * answers as each service does (Slack 200 "ok", PagerDuty 202), logs every request to a file and serves the latest
 * ones at GET /requests.
 */
public final class LocalReceiver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int KEEP = 500;

  private final HttpServer server;
  private final Path log;
  private final Deque<ObjectNode> recent = new ArrayDeque<>();

  public LocalReceiver(int port, Path log) throws IOException {
    this.log = log;
    Files.createDirectories(log.getParent());
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    server.setExecutor(Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "local-receiver");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", this::handle);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      if (ex.getRequestMethod().equals("GET") && path.equals("/requests")) {
        ArrayNode arr = JSON.createArrayNode();
        synchronized (recent) {
          recent.forEach(arr::add);
        }
        respond(ex, 200, "application/json", JSON.writeValueAsString(arr));
        return;
      }
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      ObjectNode entry = JSON.createObjectNode().put("at", Instant.now().toString()).put("method", ex.getRequestMethod())
          .put("path", path).put("body", body);
      synchronized (recent) {
        recent.addLast(entry);
        while (recent.size() > KEEP) {
          recent.removeFirst();
        }
      }
      try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
        w.println(entry);
      }
      if (path.startsWith("/pagerduty")) {
        respond(ex, 202, "application/json", "{\"status\":\"success\",\"message\":\"Event processed\"}");
      } else {
        respond(ex, 200, "text/plain", "ok");
      }
    }
  }

  private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

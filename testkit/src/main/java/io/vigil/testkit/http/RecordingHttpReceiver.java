package io.vigil.testkit.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A local HTTP server standing in for clouds we cannot run here (Slack, PagerDuty, webhooks): records every request
 * and answers from a script (e.g. 429 with Retry-After, then 500, then 200) with a default answer after that.
 */
public final class RecordingHttpReceiver implements AutoCloseable {
  /** One request as received. */
  public record Request(Instant at, String method, String path, Map<String, List<String>> headers, String body) {
    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .findFirst().map(e -> e.getValue().get(0)).orElse(null);
    }
  }

  /** One scripted answer. */
  public record Answer(int status, Map<String, String> headers, String body, Duration delay) {
    public static Answer of(int status, String body) {
      return new Answer(status, Map.of(), body, Duration.ZERO);
    }

    public Answer withHeader(String name, String value) {
      var h = new java.util.HashMap<>(headers);
      h.put(name, value);
      return new Answer(status, Map.copyOf(h), body, delay);
    }

    public Answer after(Duration d) {
      return new Answer(status, headers, body, d);
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Deque<Answer> script = new ArrayDeque<>();
  private volatile Answer fallback;

  public RecordingHttpReceiver(Answer fallback) {
    this.fallback = fallback;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext("/", this::handle);
    server.start();
  }

  /** A receiver that answers 200 with {@code ok}, as Slack does. */
  public RecordingHttpReceiver() {
    this(Answer.of(200, "ok"));
  }

  /** Queues answers given, in order, before falling back to the default. */
  public synchronized RecordingHttpReceiver thenAnswer(Answer... answers) {
    script.addAll(List.of(answers));
    return this;
  }

  public void answerByDefault(Answer answer) {
    this.fallback = answer;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + (path.startsWith("/") ? path : "/" + path);
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public List<Request> requests(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  public void clear() {
    requests.clear();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      requests.add(new Request(Instant.now(), ex.getRequestMethod(), ex.getRequestURI().getPath(),
          Map.copyOf(ex.getRequestHeaders()), body));
      Answer answer;
      synchronized (this) {
        answer = script.isEmpty() ? fallback : script.poll();
      }
      if (!answer.delay().isZero()) {
        try {
          Thread.sleep(answer.delay().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      answer.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
      byte[] bytes = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

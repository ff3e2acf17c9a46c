package io.vigil.bench.api;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The query API started from query-api/target/classes + classpath.txt in its own JVM, configured by env vars. */
final class ApiProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final int poolSize;

  private ApiProcess(Process process, int port, int poolSize) {
    this.process = process;
    this.port = port;
    this.poolSize = poolSize;
  }

  /**
   * Connections for PostgreSQL on the same machine: about two per core keeps both cores busy while a query waits on
   * the network, without 20 backends (the old setting) preempting each other and the API on two cores; requests
   * beyond that wait in the pool's queue, which costs no CPU.
   */
  static int poolSizeForLocalDatabase() {
    return 2 * Runtime.getRuntime().availableProcessors();
  }

  static ApiProcess start(Path root, String jdbcUrl, String secret) throws Exception {
    int poolSize = poolSizeForLocalDatabase();
    Path module = root.resolve("query-api/target");
    String cp = module.resolve("classes") + java.io.File.pathSeparator
        + Files.readString(module.resolve("classpath.txt")).trim();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx768m", "-cp", cp, "io.vigil.queryapi.Application"));
    pb.environment().put("VIGIL_API_PORT", Integer.toString(port));
    pb.environment().put("VIGIL_DB_URL", jdbcUrl);
    pb.environment().put("VIGIL_DB_USER", "postgres");
    pb.environment().put("VIGIL_DB_PASSWORD", "");
    pb.environment().put("VIGIL_DB_POOL", Integer.toString(poolSize));
    // Twice the pool, as the API's README advises: each connection has a request ready when it frees up.
    pb.environment().put("VIGIL_API_WORKER_THREADS", Integer.toString(2 * poolSize));
    pb.environment().put("VIGIL_JWT_SECRET", secret);
    // No Kafka in this bench, so the quality-stream feeder of the media histograms stays off.
    pb.environment().put("VIGIL_MEDIA_METRICS_ENABLED", "false");
    // The rate-limit filter runs on every request as in production, but all 50 clients share one token (one
    // client key), so the per-client limit is raised; the default (1200/min) would answer 429 to the bench itself.
    pb.environment().put("VIGIL_RATE_LIMIT_PER_MINUTE", "100000000");
    pb.environment().put("VIGIL_RATE_LIMIT_BURST", "100000000");
    pb.redirectErrorStream(true).redirectOutput(root.resolve("bench/target/api-bench-server.log").toFile());
    Process p = pb.start();
    ApiProcess api = new ApiProcess(p, port, poolSize);
    api.awaitUp();
    return api;
  }

  private void awaitUp() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("query API exited; see bench/target/api-bench-server.log");
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("query API did not come up within 60 s");
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  int poolSize() {
    return poolSize;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}

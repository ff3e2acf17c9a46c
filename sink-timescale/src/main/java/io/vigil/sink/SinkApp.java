package io.vigil.sink;

import io.vigil.schemas.registry.RestSchemaRegistryClient;
import io.vigil.sink.config.SinkConfig;
import io.vigil.sink.http.StatusServer;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Main class of the sink service: configured by environment variables (see {@link SinkConfig#fromEnv}). */
public final class SinkApp {
  private static final Logger LOG = LoggerFactory.getLogger(SinkApp.class);

  private SinkApp() {}

  /**
   * Services start in any order (./vigil up, compose): while the database refuses connections, retry the migrations
   * with backoff for VIGIL_SINK_STARTUP_WAIT_S seconds (default 120) before giving up with the last error.
   */
  static Sink startWhenDatabaseIsUp(SinkConfig config) throws InterruptedException {
    long deadline = System.currentTimeMillis()
        + 1000L * Long.parseLong(System.getenv().getOrDefault("VIGIL_SINK_STARTUP_WAIT_S", "120"));
    long backoff = 500;
    while (true) {
      try {
        return new Sink(config, new RestSchemaRegistryClient(config.registryUrl()), rejected -> { }).start();
      } catch (RuntimeException e) {
        if (System.currentTimeMillis() + backoff > deadline) {
          throw e;
        }
        LOG.warn("cannot prepare the database yet ({}); retrying in {} ms", e.getMessage(), backoff);
        Thread.sleep(backoff);
        backoff = Math.min(backoff * 2, 10_000);
      }
    }
  }

  public static void main(String[] args) throws Exception {
    SinkConfig config = SinkConfig.fromEnv(System.getenv());
    LOG.info("vigil sink: kafka {} registry {} db {} topics {} batch {} rows / {} ms, write mode {}",
        config.bootstrap(), config.registryUrl(), config.dbUrl(), config.topics(), config.batchSize(),
        config.linger().toMillis(), config.writeMode());
    Sink sink = startWhenDatabaseIsUp(config);
    StatusServer http = new StatusServer(config.metricsPort(), sink.registry(), sink::healthy);
    LOG.info("metrics and health on :{} (/metrics, /health), storage mode {}", http.port(), sink.mode());
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("shutting down");
      sink.close();
      http.close();
      done.countDown();
    }, "sink-shutdown"));
    // A dead loop must not leave a process that looks alive: exit non-zero so the supervisor restarts it.
    while (!done.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
      if (sink.crash() != null) {
        LOG.error("sink loop died: exiting");
        System.exit(1);
      }
    }
  }
}

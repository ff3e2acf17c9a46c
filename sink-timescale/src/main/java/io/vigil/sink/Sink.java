package io.vigil.sink;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.schemas.registry.SchemaRegistryClient;
import io.vigil.sink.config.SinkConfig;
import io.vigil.sink.consume.RecordDecoder;
import io.vigil.sink.consume.SinkLoop;
import io.vigil.sink.dlq.DeadLetterPublisher;
import io.vigil.sink.metrics.SinkMetrics;
import io.vigil.sink.migrate.Migrations;
import io.vigil.sink.migrate.StorageMode;
import io.vigil.sink.retention.RetentionJob;
import io.vigil.sink.write.BatchWriter;
import io.vigil.sink.write.Database;
import io.vigil.sink.write.OffsetStore;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires one sink instance: migrations, the consume-write loop on its own thread, DLQ, metrics and retention. */
public final class Sink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Sink.class);

  private final SinkConfig config;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final SinkMetrics metrics = new SinkMetrics(registry);
  private final DeadLetterPublisher dlq;
  private final SinkLoop loop;
  private final Thread thread;
  private final StorageMode mode;
  private ScheduledExecutorService retention;

  /**
   * @param extraBeforeCommit runs after the dead letters are published, just before COMMIT (tests inject crashes here)
   */
  public Sink(SinkConfig config, SchemaRegistryClient registryClient, BatchWriter.BeforeCommit extraBeforeCommit) {
    this.config = config;
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(config.dbUrl());
    ds.setUser(config.dbUser());
    ds.setPassword(config.dbPassword());
    this.mode = Migrations.run(ds, config.storage());
    this.dlq = new DeadLetterPublisher(config.bootstrap());
    OffsetStore offsets = new OffsetStore(config.group());
    boolean copy = !"insert".equalsIgnoreCase(config.writeMode());
    BatchWriter writer = new BatchWriter(copy, mode == StorageMode.POSTGRESQL, offsets, rejected -> {
      dlq.publish(rejected);
      extraBeforeCommit.run(rejected);
    });
    this.loop = new SinkLoop(config.bootstrap(), config.group(), config.topics(),
        new SinkLoop.Settings(config.batchSize(), config.linger(), java.time.Duration.ofMillis(100), config.maxBackoff()),
        new Database(config.dbUrl(), config.dbUser(), config.dbPassword()), writer, offsets,
        new RecordDecoder(registryClient), metrics);
    this.thread = new Thread(loop, "sink-loop");
  }

  public Sink start() {
    thread.start();
    if (mode == StorageMode.POSTGRESQL && !config.retentionEvery().isZero()) {
      RetentionJob job = new RetentionJob(RetentionJob.rules(config.storage()), config.retentionBatchRows());
      retention = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sink-retention");
        t.setDaemon(true);
        return t;
      });
      retention.scheduleWithFixedDelay(() -> {
        try {
          job.runOnce(() -> {
            try {
              return DriverManager.getConnection(config.dbUrl(), config.dbUser(), config.dbPassword());
            } catch (SQLException e) {
              throw new IllegalStateException(e.getMessage(), e);
            }
          }, Instant.now());
        } catch (SQLException | RuntimeException e) {
          LOG.warn("retention run failed (next run in {}): {}", config.retentionEvery(), e.getMessage());
        }
      }, 10, config.retentionEvery().toSeconds(), TimeUnit.SECONDS);
    }
    return this;
  }

  public StorageMode mode() {
    return mode;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public boolean healthy() {
    return thread.isAlive() && loop.healthy();
  }

  /** What killed the consume-write loop, or null while it runs or after a clean stop. */
  public Throwable crash() {
    return loop.crash();
  }

  public boolean running() {
    return thread.isAlive();
  }

  /** Stops gracefully: the loop flushes what it holds (if the database allows), then leaves the group. */
  @Override
  public void close() {
    loop.stop();
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (retention != null) {
      retention.shutdownNow();
    }
    dlq.close();
  }
}

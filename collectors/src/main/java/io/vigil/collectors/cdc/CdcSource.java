package io.vigil.collectors.cdc;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.debezium.embedded.Connect;
import io.vigil.schemas.kafka.KafkaClientEnvironment;
import io.vigil.schemas.registry.RestSchemaRegistryClient;
import io.vigil.schemas.wire.SpecificAvroSerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures one PostgreSQL database with Debezium's embedded engine and publishes LifecycleEvents and AlertRules.
 * A batch's offsets are committed only after Kafka acknowledged its records (at-least-once; the stable event id makes
 * replays idempotent downstream). When the engine dies (database gone, Kafka gone) it is restarted with exponential
 * backoff and resumes from its stored offset; {@link #health()} says what is happening.
 */
public final class CdcSource implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CdcSource.class);
  public static final String HEADER_EVENT_ID = "vigil.cdc.event_id";
  public static final String HEADER_LSN = "vigil.cdc.lsn";
  public static final String HEADER_TABLE = "vigil.cdc.table";
  public static final String HEADER_OP = "vigil.cdc.op";

  private final CdcConfig config;
  private final Producer<String, SpecificRecord> producer;
  private final ChangeRouter router;
  private final CdcCounters counters = new CdcCounters();
  private final ScheduledExecutorService supervisor;
  private final ExecutorService engineRunner;
  private final Object lock = new Object();

  private DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
  private volatile boolean started;
  private volatile boolean closing;
  private volatile CdcHealth health;
  private volatile Instant lastChangeAt;
  private volatile Long lastLsn;
  /** Last batch of any kind (changes or heartbeats): the connector's own retries are silent, staleness is not. */
  private volatile Instant lastActivityAt = Instant.now();
  private int consecutiveFailures;
  private int restarts;

  /** A source with its own Kafka producer, built from the agent's config section. */
  public static CdcSource fromConfig(Map<String, Object> config) {
    return fromConfig(CdcConfig.fromMap(config));
  }

  public static CdcSource fromConfig(CdcConfig config) {
    return new CdcSource(config, newProducer(config));
  }

  /** For callers that share a producer; the source closes it on {@link #close()}. */
  public CdcSource(CdcConfig config, Producer<String, SpecificRecord> producer) {
    this.config = config;
    this.producer = producer;
    this.router = new ChangeRouter(config.routes(), config.lifecycleTopic(), config.alertRulesTopic(),
        new LifecycleMapper(config.nodeId(), config.tenant()));
    this.supervisor = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "cdc-supervisor-" + config.slot()));
    this.engineRunner = Executors.newSingleThreadExecutor(r -> daemon(r, "cdc-engine-" + config.slot()));
    this.health = new CdcHealth(CdcHealth.Status.STOPPED, "not started", Instant.now(), 0, null, null);
  }

  static Producer<String, SpecificRecord> newProducer(CdcConfig c) {
    Properties p = producerProperties(c, KafkaClientEnvironment.fromProcessEnvironment());
    SpecificAvroSerializer<SpecificRecord> values = new SpecificAvroSerializer<>(new RestSchemaRegistryClient(c.registryUrl()));
    values.configure(Map.of(), false);
    return new KafkaProducer<>(p, new StringSerializer(), values);
  }

  /** The producer's settings, then the {@code VIGIL_KAFKA_CLIENT_*} ones ({@code clientEnv}, e.g. TLS/SASL). */
  static Properties producerProperties(CdcConfig c, Map<String, String> clientEnv) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, c.kafkaBootstrap());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "vigil-cdc-" + c.slot());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
    return KafkaClientEnvironment.putAll(p, clientEnv);
  }

  /** Starts capturing in the background; returns at once. Progress shows in {@link #health()}. */
  public void start() {
    synchronized (lock) {
      if (started) {
        throw new IllegalStateException("CDC source " + config.name() + " already started");
      }
      started = true;
    }
    setHealth(CdcHealth.Status.STARTING, "connecting to " + config.jdbcUrl());
    LOG.info("CDC source {} starting: db={} slot={} publication={} tables={} offsets={}", config.name(), config.jdbcUrl(),
        config.slot(), config.publication(), config.capturedTables(), config.offsetTopic());
    supervisor.execute(this::launch);
  }

  /**
   * Current health. While the database is away Debezium retries inside its task without telling the engine, so a
   * RUNNING source that has seen neither a change nor a heartbeat for {@link #staleAfter()} reports RECONNECTING.
   */
  public CdcHealth health() {
    CdcHealth h = health;
    if (h.status() == CdcHealth.Status.RUNNING) {
      Duration quiet = Duration.between(lastActivityAt, Instant.now());
      if (quiet.compareTo(staleAfter()) > 0) {
        return new CdcHealth(CdcHealth.Status.RECONNECTING, "no change or heartbeat from " + config.jdbcUrl() + " for "
            + quiet.toSeconds() + " s; the connector is retrying", lastActivityAt, h.restarts(), h.lastChangeAt(), h.lastLsn());
      }
    }
    return h;
  }

  /** Three missed heartbeats (at least 5 s) without any record means the source is not streaming. */
  Duration staleAfter() {
    return Duration.ofMillis(Math.max(5_000, 3 * config.heartbeatInterval().toMillis()));
  }

  public CdcCounters.Snapshot counters() {
    return counters.snapshot();
  }

  public CdcConfig config() {
    return config;
  }

  private void launch() {
    synchronized (lock) {
      if (closing) {
        return;
      }
      try {
        ensureHeartbeatTable();
      } catch (SQLException e) {
        if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
          failed("database unreachable: " + e.getMessage(), e);
          return;
        }
        LOG.warn("CDC source {}: cannot create heartbeat table {} ({}); heartbeats will fail until it exists",
            config.name(), config.heartbeatTable(), e.getMessage());
      }
      engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
          .using(DebeziumProperties.of(config))
          .using(new Callbacks())
          .using(this::completed)
          .notifying(this::handleBatch)
          .build();
      engineRunner.execute(engine);
    }
  }

  private void ensureHeartbeatTable() throws SQLException {
    if (config.heartbeatTable() == null) {
      return;
    }
    Properties p = new Properties();
    p.setProperty("user", config.dbUser());
    p.setProperty("password", config.dbPassword());
    p.setProperty("connectTimeout", "5");
    try (Connection c = DriverManager.getConnection(config.jdbcUrl(), p); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS " + config.heartbeatTable() + " (id integer PRIMARY KEY, beat_at timestamptz NOT NULL)");
    }
  }

  /** Engine finished: after close() that is the end; otherwise it died and is restarted with backoff. */
  private void completed(boolean success, String message, Throwable error) {
    if (closing) {
      setHealth(CdcHealth.Status.STOPPED, "closed");
      return;
    }
    failed(success ? "engine stopped: " + message : "engine failed: " + message, error);
  }

  private void failed(String why, Throwable error) {
    Duration delay;
    synchronized (lock) {
      consecutiveFailures++;
      restarts++;
      long base = config.retryInitial().toMillis() << Math.min(consecutiveFailures - 1, 16);
      delay = Duration.ofMillis(Math.min(config.retryMax().toMillis(), base));
    }
    String cause = error == null ? "" : " (" + rootMessage(error) + ")";
    LOG.warn("CDC source {}: {}{}; restarting in {} ms (attempt {})", config.name(), why, cause, delay.toMillis(), consecutiveFailures);
    setHealth(CdcHealth.Status.RECONNECTING, why + cause + "; retry in " + delay.toMillis() + " ms");
    try {
      supervisor.schedule(this::launch, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Closing: nothing to restart.
    }
  }

  private void handleBatch(List<RecordChangeEvent<SourceRecord>> batch,
      DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
    Instant now = Instant.now();
    Duration gap = Duration.between(lastActivityAt, now);
    lastActivityAt = now;
    if (gap.compareTo(staleAfter()) > 0 && health.status() == CdcHealth.Status.RUNNING) {
      synchronized (lock) {
        restarts++;
      }
      LOG.info("CDC source {} streaming again after {} s without records", config.name(), gap.toSeconds());
      setHealth(CdcHealth.Status.RUNNING, "streaming again after an outage of " + gap.toSeconds() + " s");
    }
    List<Future<RecordMetadata>> sent = new ArrayList<>(batch.size());
    Long batchLsn = null;
    for (RecordChangeEvent<SourceRecord> event : batch) {
      Optional<RowChange> change = Optional.empty();
      Optional<OutputRecord> out;
      try {
        change = SourceRecords.toRowChange(event.record());
        if (change.isEmpty()) {
          continue;
        }
        counters.changes.incrementAndGet();
        batchLsn = change.get().lsn() != null ? change.get().lsn() : batchLsn;
        out = router.route(change.get());
      } catch (RuntimeException e) {
        // Mapping is deterministic: retrying the same row would fail forever, so it is counted, logged and skipped.
        long n = counters.badChanges.incrementAndGet();
        LOG.warn("CDC source {}: skipped bad change on {} at lsn {} ({} so far): {}", config.name(),
            change.map(RowChange::table).orElse(event.record().topic()), change.map(RowChange::lsn).orElse(null), n,
            e.getMessage());
        continue;
      }
      if (out.isEmpty()) {
        counters.ignored.incrementAndGet();
        continue;
      }
      sent.add(producer.send(toProducerRecord(out.get())));
    }
    producer.flush();
    for (Future<RecordMetadata> f : sent) {
      try {
        f.get();
      } catch (ExecutionException e) {
        // Not committing: the engine stops, restarts and re-reads this batch from the last committed offset.
        throw new IllegalStateException("Kafka did not accept a CDC record: " + rootMessage(e), e.getCause());
      }
    }
    for (RecordChangeEvent<SourceRecord> event : batch) {
      committer.markProcessed(event);
    }
    committer.markBatchFinished();
    if (!sent.isEmpty()) {
      lastChangeAt = Instant.now();
      lastLsn = batchLsn;
    }
    if (health.status() != CdcHealth.Status.RUNNING) {
      setHealth(CdcHealth.Status.RUNNING, "streaming");
    }
  }

  ProducerRecord<String, SpecificRecord> toProducerRecord(OutputRecord out) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(HEADER_EVENT_ID, out.eventId().getBytes(StandardCharsets.UTF_8));
    if (out.lsn() != null) {
      headers.add(HEADER_LSN, out.lsn().toString().getBytes(StandardCharsets.UTF_8));
    }
    headers.add(HEADER_TABLE, out.table().getBytes(StandardCharsets.UTF_8));
    headers.add(HEADER_OP, out.op().name().getBytes(StandardCharsets.UTF_8));
    if (out.value() == null) {
      counters.tombstones.incrementAndGet();
    }
    counters.published.incrementAndGet();
    return new ProducerRecord<>(out.topic(), null, out.key(), out.value(), headers);
  }

  /**
   * Stops the engine (which commits the offsets of everything already published), then flushes and closes the
   * producer. A restart after close() neither loses nor repeats changes.
   */
  @Override
  public void close() {
    DebeziumEngine<RecordChangeEvent<SourceRecord>> current;
    synchronized (lock) {
      if (closing) {
        return;
      }
      closing = true;
      current = engine;
    }
    supervisor.shutdownNow();
    if (current != null) {
      try {
        current.close();
      } catch (IOException e) {
        LOG.warn("CDC source {}: engine close failed: {}", config.name(), e.getMessage());
      }
    }
    engineRunner.shutdown();
    try {
      if (!engineRunner.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("CDC source {}: engine did not stop within 30 s", config.name());
        engineRunner.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(10));
    setHealth(CdcHealth.Status.STOPPED, "closed");
    LOG.info("CDC source {} stopped: {}", config.name(), counters.snapshot());
  }

  private void setHealth(CdcHealth.Status status, String detail) {
    synchronized (lock) {
      Instant since = health != null && health.status() == status ? health.since() : Instant.now();
      health = new CdcHealth(status, detail, since, restarts, lastChangeAt, lastLsn);
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Engine lifecycle -> health: the task runs once the connector reached the database. */
  private final class Callbacks implements DebeziumEngine.ConnectorCallback {
    @Override
    public void taskStarted() {
      synchronized (lock) {
        consecutiveFailures = 0;
      }
      lastActivityAt = Instant.now();
      setHealth(CdcHealth.Status.RUNNING, "streaming from slot " + config.slot());
      LOG.info("CDC source {} running", config.name());
    }

    @Override
    public void taskStopped() {
      if (!closing) {
        setHealth(CdcHealth.Status.RECONNECTING, "connector task stopped; waiting for restart");
      }
    }
  }
}

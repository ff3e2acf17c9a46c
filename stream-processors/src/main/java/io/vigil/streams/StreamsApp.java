package io.vigil.streams;

import io.vigil.schemas.avro.AlertRule;
import io.vigil.schemas.kafka.KafkaClientEnvironment;
import io.vigil.schemas.registry.RestSchemaRegistryClient;
import io.vigil.schemas.registry.SchemaRegistryClient;
import io.vigil.streams.config.BoundedRocksDbConfig;
import io.vigil.streams.config.StreamsSettings;
import io.vigil.streams.http.HealthServer;
import io.vigil.streams.metrics.StreamsMetrics;
import io.vigil.streams.rulefiles.RuleFileParser;
import io.vigil.streams.topology.InputDelays;
import io.vigil.streams.topology.VigilTopology;
import io.vigil.streams.validate.PipelineCounters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the Vigil stream processor: builds the topology from environment settings and runs it with
 * exactly_once_v2 until SIGTERM. Env: VIGIL_KAFKA_BOOTSTRAP, VIGIL_SCHEMA_REGISTRY_URL, VIGIL_STREAMS_APP_ID,
 * VIGIL_STREAMS_STATE_DIR, VIGIL_RULES_FILE, VIGIL_WINDOW_GRACE_MS, VIGIL_PUNCTUATE_MS, VIGIL_SERIES_STALE_S,
 * VIGIL_MAX_SAMPLE_AGE_H, VIGIL_MAX_CLOCK_SKEW_S, VIGIL_STREAMS_THREADS, VIGIL_ROCKSDB_CACHE_MB, VIGIL_DEFAULT_RULES,
 * VIGIL_STREAMS_HEALTH_PORT (GET /health and GET /metrics; 8050, 0 or off disables).
 */
public final class StreamsApp implements AutoCloseable {
  static {
    io.vigil.schemas.wire.AvroTrust.install(); // generated records are built before any serde would install it
  }

  private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);

  private final KafkaStreams streams;
  private final PipelineCounters counters;
  private final StreamsMetrics metrics;

  public StreamsApp(StreamsSettings settings, SchemaRegistryClient registry, Map<String, Object> overrides) {
    this(settings, registry, overrides, List.of());
  }

  /** @param extraRules start-up rules on top of the configured ones (tests, benchmarks) */
  public StreamsApp(StreamsSettings settings, SchemaRegistryClient registry, Map<String, Object> overrides,
                    List<AlertRule> extraRules) {
    this.counters = new PipelineCounters();
    List<AlertRule> rules = new ArrayList<>(startupRules(settings));
    rules.addAll(extraRules);
    LOG.info("starting {} with {} start-up rules against {}", settings.appId(), rules.size(), settings.bootstrap());
    Map<String, String> clientEnv = KafkaClientEnvironment.fromProcessEnvironment();
    LOG.info(KafkaClientEnvironment.describe(clientEnv));
    Properties props = properties(settings, clientEnv);
    props.putAll(overrides);
    InputDelays delays = new InputDelays();
    this.streams = new KafkaStreams(VigilTopology.build(settings, rules, registry, counters, delays), props);
    this.metrics = new StreamsMetrics(streams, counters, delays);
    streams.setUncaughtExceptionHandler(e -> {
      LOG.error("stream thread failed; replacing it", e);
      return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
  }

  public static Properties properties(StreamsSettings s) {
    return properties(s, Map.of());
  }

  /**
   * Then the {@code VIGIL_KAFKA_CLIENT_*} settings ({@code clientEnv}, e.g. TLS/SASL), unprefixed: Streams passes plain
   * client properties to its consumers, producers and admin client alike.
   */
  public static Properties properties(StreamsSettings s, Map<String, String> clientEnv) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, s.appId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.STATE_DIR_CONFIG, s.stateDir());
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, s.threads());
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, s.commitInterval().toMillis());
    p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfig.class);
    p.put(BoundedRocksDbConfig.CACHE_BYTES_CONFIG, Long.toString(s.rocksDbCacheBytes()));
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 16L << 20);
    // zstd, not lz4: every commit closes a batch per output and changelog partition, and Kafka's lz4 stream allocates
    // two fresh 64 KB block buffers per batch (most of the bytes the stream thread allocated at 20,000 samples/s, by
    // JFR's samples; the broker, which decompresses them, collected garbage a quarter as often after the switch).
    // zstd recycles its buffers.
    p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "zstd");
    // zstd compresses on the stream thread (when a record joins its batch): at its default level 3 the thread's CPU
    // per sample in the Streams benchmark was up to twice lz4's; at -1 it measured the same as lz4.
    p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_ZSTD_LEVEL_CONFIG), -1);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
    // Changelog records (every changed window and alert state at every commit) come in bursts: bigger batches mean
    // fewer produce requests. Linger stays short: under exactly-once nothing is readable before the commit anyway,
    // and the commit must not wait for a full batch.
    p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 128 * 1024);
    // Each task reads quality and lifecycle (and, in the same sub-topology, health and metrics): with the default
    // max.task.idle.ms=0 Streams checks the fetch lag of every empty partition, formatting a trace message for each,
    // before every single record (a third of a pass-through's CPU). Nothing here is a time-synchronised join: lifecycle
    // is a lookup table and window time comes from samples only. The price: while catching up on a backlog, a sample
    // may be enriched with lifecycle state read a little before or after its own timestamp.
    p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    return KafkaClientEnvironment.putAll(p, clientEnv);
  }

  /** Default pack (unless disabled) plus the optional rule file; the file's rules override same-id defaults. */
  static List<AlertRule> startupRules(StreamsSettings s) {
    Map<String, AlertRule> rules = new LinkedHashMap<>();
    if (s.loadDefaultRules()) {
      RuleFileParser.defaultPack().forEach(r -> rules.put(r.getRuleId(), r));
    }
    if (s.rulesFile() != null) {
      try {
        var file = RuleFileParser.parse(s.rulesFile(), Files.readString(Path.of(s.rulesFile())));
        if (!file.ok()) {
          throw new IllegalArgumentException("invalid rule file:\n" + String.join("\n", file.errors()));
        }
        file.rules().forEach(r -> rules.put(r.getRuleId(), r));
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read VIGIL_RULES_FILE " + s.rulesFile() + ": " + e.getMessage(), e);
      }
    }
    return new ArrayList<>(rules.values());
  }

  public void start() {
    streams.start();
  }

  public KafkaStreams streams() {
    return streams;
  }

  public PipelineCounters counters() {
    return counters;
  }

  /** Starts the status endpoint of this app on {@code port} (0: any free port): GET /health and GET /metrics. */
  public HealthServer startStatusServer(int port) throws IOException {
    return new HealthServer(port, streams::state, metrics::scrape);
  }

  @Override
  public void close() {
    // Leave the group on a planned shutdown so a replacement instance gets the partitions at once instead of after
    // the session timeout (Streams otherwise stays in the group to avoid rebalances on bounce).
    streams.close(org.apache.kafka.streams.CloseOptions
        .groupMembershipOperation(org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(java.time.Duration.ofSeconds(30)));
    metrics.close();
  }

  public static void main(String[] args) throws InterruptedException, IOException {
    StreamsSettings settings = StreamsSettings.fromEnv(System.getenv());
    StreamsApp app = new StreamsApp(settings, new RestSchemaRegistryClient(settings.registryUrl()), Map.of());
    HealthServer health = settings.healthPort() > 0 ? app.startStatusServer(settings.healthPort()) : null;
    if (health != null) {
      LOG.info("status endpoint on http://0.0.0.0:{}/health and /metrics", health.port());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("shutting down");
      app.close();
      if (health != null) {
        health.close();
      }
      stopped.countDown();
    }, "vigil-streams-shutdown"));
    ScheduledExecutorService report = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread th = new Thread(r, "vigil-streams-counters");
      th.setDaemon(true);
      return th;
    });
    report.scheduleAtFixedRate(() -> LOG.info("state={} counters={}", app.streams().state(), app.counters().snapshot()),
        60, 60, TimeUnit.SECONDS);
    app.start();
    stopped.await();
  }
}

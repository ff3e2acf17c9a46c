package io.vigil.collectors.cdc;

import io.vigil.schemas.kafka.KafkaClientEnvironment;
import io.vigil.schemas.topics.Topic;
import io.vigil.schemas.topics.TopicAdmin;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.Yaml;

/**
 * Standalone CDC process for {@code ./vigil up}. Environment:
 * VIGIL_KAFKA_BOOTSTRAP (localhost:9092), VIGIL_SCHEMA_REGISTRY_URL (http://localhost:8081),
 * VIGIL_CDC_DB_URL (jdbc:postgresql://localhost:5432/postgres), VIGIL_CDC_DB_USER (postgres), VIGIL_CDC_DB_PASSWORD,
 * VIGIL_CDC_SLOT (vigil_cdc), VIGIL_CDC_PUBLICATION (vigil_cdc), VIGIL_CDC_TABLES (public.streams,
 * public.stream_sessions,public.consumers,public.alert_rules; {@code table=entity} for other tables),
 * VIGIL_CDC_OFFSET_TOPIC (vigil.cdc-offsets.v1), VIGIL_CDC_HEARTBEAT_MS (10000), VIGIL_CDC_HEARTBEAT_TABLE
 * (public.vigil_cdc_heartbeat, "none" to disable), VIGIL_NODE_ID, VIGIL_TENANT, VIGIL_TOPIC_PARTITIONS (12, for
 * creating missing output topics), VIGIL_CDC_CONTROLPLANE_INIT (false; true creates the simulated control-plane
 * tables first), VIGIL_CDC_SIMULATE (false; true also runs the control-plane simulator), VIGIL_CDC_SIMULATE_INTERVAL_MS
 * (5000), VIGIL_CDC_SIMULATE_STREAMS (3 live streams), VIGIL_CDC_CONFIG (optional YAML file whose {@code cdc:}
 * section overrides the environment), VIGIL_CDC_HEALTH_PORT (8055; GET /health, 200 while RUNNING, 503 otherwise;
 * 0 or off disables).
 */
public final class CdcMain {
  private static final Logger LOG = LoggerFactory.getLogger(CdcMain.class);

  private CdcMain() {}

  public static void main(String[] args) throws Exception {
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("shutting down CDC source");
      stop.countDown();
      try {
        // Let run() close the engine, which commits offsets, before the JVM goes away.
        done.await(40, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "cdc-shutdown"));
    try {
      run(System.getenv(), stop);
    } finally {
      done.countDown();
    }
  }

  /** Runs the source (and the simulator if enabled) until {@code stop} opens, then closes both gracefully. */
  static void run(Map<String, String> env, CountDownLatch stop) throws Exception {
    CdcConfig config = load(env);
    int healthPort = CdcHealthServer.port(env);
    if (Boolean.parseBoolean(env.getOrDefault("VIGIL_CDC_CONTROLPLANE_INIT", "false"))) {
      createControlPlane(config);
    }
    ensureTopics(config, Integer.parseInt(env.getOrDefault("VIGIL_TOPIC_PARTITIONS", Integer.toString(Topic.DEFAULT_PARTITIONS))));
    ControlPlaneSimulator simulator = null;
    if (Boolean.parseBoolean(env.getOrDefault("VIGIL_CDC_SIMULATE", "false"))) {
      simulator = new ControlPlaneSimulator(config.jdbcUrl(), config.dbUser(), config.dbPassword(),
          new SimulatorPlan(Integer.parseInt(env.getOrDefault("VIGIL_CDC_SIMULATE_STREAMS", "3")), 7));
    }
    CdcSource source = CdcSource.fromConfig(config);
    CdcHealthServer health = null;
    try {
      if (healthPort > 0) {
        health = new CdcHealthServer(source, healthPort);
        LOG.info("health endpoint on http://0.0.0.0:{}/health", health.port());
      }
      source.start();
      if (simulator != null) {
        simulator.start(Duration.ofMillis(Long.parseLong(env.getOrDefault("VIGIL_CDC_SIMULATE_INTERVAL_MS", "5000"))));
      }
      stop.await();
    } finally {
      if (simulator != null) {
        simulator.close();
      }
      source.close();
      if (health != null) {
        health.close();
      }
    }
  }

  @SuppressWarnings("unchecked")
  static CdcConfig load(Map<String, String> env) throws IOException {
    CdcConfig fromEnv = CdcConfig.fromEnv(env);
    String file = env.get("VIGIL_CDC_CONFIG");
    if (file == null || file.isBlank()) {
      return fromEnv;
    }
    try (Reader r = Files.newBufferedReader(Path.of(file))) {
      Map<String, Object> yaml = new Yaml().load(r);
      Map<String, Object> section = yaml != null && yaml.get("cdc") instanceof Map<?, ?> m ? (Map<String, Object>) m : yaml;
      Map<String, Object> merged = new HashMap<>();
      merged.put("kafka_bootstrap", fromEnv.kafkaBootstrap());
      merged.put("schema_registry_url", fromEnv.registryUrl());
      merged.put("db_url", fromEnv.jdbcUrl());
      merged.put("db_user", fromEnv.dbUser());
      merged.put("db_password", fromEnv.dbPassword());
      if (section != null) {
        merged.putAll(section);
      }
      return CdcConfig.fromMap(merged);
    }
  }

  private static void createControlPlane(CdcConfig config) {
    try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.dbUser(), config.dbPassword())) {
      ControlPlaneSchema.apply(c);
      LOG.info("control-plane tables ready in {}", config.jdbcUrl());
    } catch (SQLException e) {
      // The source itself retries; a missing schema shows up in its health.
      LOG.warn("could not create the control-plane tables in {}: {}", config.jdbcUrl(), e.getMessage());
    }
  }

  private static void ensureTopics(CdcConfig config, int partitions) {
    Map<String, String> clientEnv = KafkaClientEnvironment.fromProcessEnvironment();
    LOG.info(KafkaClientEnvironment.describe(clientEnv));
    Map<String, Object> adminProps = new HashMap<>(Map.of("bootstrap.servers", config.kafkaBootstrap()));
    try (Admin admin = Admin.create(KafkaClientEnvironment.putAll(adminProps, clientEnv))) {
      var report = new TopicAdmin(admin, partitions, (short) 1).ensure(List.of(Topic.LIFECYCLE, Topic.ALERT_RULES));
      LOG.info("output topics: created {}, verified {}", report.created(), report.verified());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("could not verify output topics (continuing; the producer retries): {}", e.getMessage());
    }
  }
}

package io.vigil.sink.config;

import io.vigil.schemas.topics.Topic;
import io.vigil.sink.migrate.StorageSettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The sink's settings, read from environment variables (names in {@link #fromEnv}); every one has a default. */
public record SinkConfig(String bootstrap, String registryUrl, String dbUrl, String dbUser, String dbPassword,
                         String group, List<String> topics, int batchSize, Duration linger, Duration maxBackoff,
                         String writeMode, int metricsPort, StorageSettings storage, Duration retentionEvery,
                         int retentionBatchRows) {

  /** Every topic the sink stores (the collector-commands and DLQ topics are not stored). */
  public static final List<String> DEFAULT_TOPICS = List.of(Topic.QUALITY, Topic.HEALTH, Topic.METRICS,
      Topic.LIFECYCLE, Topic.QUALITY_WINDOWS, Topic.HEALTH_WINDOWS, Topic.METRIC_WINDOWS, Topic.ALERT_RULES,
      Topic.ALERTS)
      .stream().map(Topic::topicName).toList();

  public static SinkConfig fromEnv(Map<String, String> env) {
    StorageSettings d = StorageSettings.defaults();
    return new SinkConfig(
        env.getOrDefault("VIGIL_KAFKA_BOOTSTRAP", "localhost:9092"),
        env.getOrDefault("VIGIL_SCHEMA_REGISTRY_URL", "http://localhost:8081"),
        env.getOrDefault("VIGIL_DB_URL", "jdbc:postgresql://localhost:5432/vigil"),
        env.getOrDefault("VIGIL_DB_USER", "postgres"),
        env.getOrDefault("VIGIL_DB_PASSWORD", ""),
        env.getOrDefault("VIGIL_SINK_GROUP", "vigil-sink"),
        env.containsKey("VIGIL_SINK_TOPICS") && !env.get("VIGIL_SINK_TOPICS").isBlank()
            ? Arrays.stream(env.get("VIGIL_SINK_TOPICS").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()
            : DEFAULT_TOPICS,
        Integer.parseInt(env.getOrDefault("VIGIL_SINK_BATCH_SIZE", "5000")),
        Duration.ofMillis(Long.parseLong(env.getOrDefault("VIGIL_SINK_LINGER_MS", "200"))),
        Duration.ofMillis(Long.parseLong(env.getOrDefault("VIGIL_SINK_MAX_BACKOFF_MS", "10000"))),
        env.getOrDefault("VIGIL_SINK_WRITE_MODE", "copy"),
        Integer.parseInt(env.getOrDefault("VIGIL_SINK_METRICS_PORT", "9403")),
        new StorageSettings(
            days(env, "VIGIL_RETENTION_RAW_DAYS", d.rawRetention()),
            days(env, "VIGIL_RETENTION_WINDOWS_DAYS", d.windowRetention()),
            days(env, "VIGIL_RETENTION_ROLLUP_DAYS", d.rollupRetention()),
            Duration.ofMinutes(Long.parseLong(env.getOrDefault("VIGIL_CHUNK_INTERVAL_MINUTES", "60"))),
            Duration.ofHours(Long.parseLong(env.getOrDefault("VIGIL_COMPRESS_AFTER_HOURS", "24")))),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("VIGIL_RETENTION_EVERY_S", "600"))),
        Integer.parseInt(env.getOrDefault("VIGIL_RETENTION_BATCH_ROWS", "10000")));
  }

  private static Duration days(Map<String, String> env, String name, Duration dflt) {
    String v = env.get(name);
    return v == null ? dflt : Duration.ofDays(Long.parseLong(v));
  }
}

package io.vigil.alerting.runtime;

import io.vigil.alerting.dispatch.GroupRecords;
import io.vigil.schemas.topics.Topic;
import java.time.Duration;
import java.util.Map;

/** Runtime settings, read from environment variables with defaults that work with {@code ./vigil up}. */
public record Settings(String kafkaBootstrap, String schemaRegistryUrl, String dbUrl, String dbUser, String dbPassword,
                       String configPath, String alertsTopic, String groupsTopic, String groupIdPrefix, int partitions, short replication, Duration pollTimeout,
                       Duration silenceRefresh) {

  /** Every variable read here, for documentation and for the Micronaut property bridge. */
  public static final java.util.List<String> VARIABLES = java.util.List.of("VIGIL_KAFKA_BOOTSTRAP",
      "VIGIL_SCHEMA_REGISTRY_URL", "VIGIL_DB_URL", "VIGIL_DB_USER", "VIGIL_DB_PASSWORD", "VIGIL_ALERTING_CONFIG",
      "VIGIL_ALERTING_TOPIC", "VIGIL_ALERTING_GROUPS_TOPIC", "VIGIL_ALERTING_GROUP_ID", "VIGIL_KAFKA_PARTITIONS",
      "VIGIL_KAFKA_REPLICATION", "VIGIL_ALERTING_POLL_MS", "VIGIL_ALERTING_SILENCE_REFRESH_MS");

  public static Settings fromEnv(Map<String, String> env) {
    return new Settings(
        env.getOrDefault("VIGIL_KAFKA_BOOTSTRAP", "localhost:9092"),
        env.getOrDefault("VIGIL_SCHEMA_REGISTRY_URL", "http://localhost:8081"),
        env.getOrDefault("VIGIL_DB_URL", "jdbc:postgresql://localhost:5432/vigil"),
        env.getOrDefault("VIGIL_DB_USER", "postgres"),
        env.getOrDefault("VIGIL_DB_PASSWORD", ""),
        env.getOrDefault("VIGIL_ALERTING_CONFIG", "alerting.yml"),
        env.getOrDefault("VIGIL_ALERTING_TOPIC", Topic.ALERTS.topicName()),
        env.getOrDefault("VIGIL_ALERTING_GROUPS_TOPIC", GroupRecords.TOPIC),
        env.getOrDefault("VIGIL_ALERTING_GROUP_ID", "vigil-alerting"),
        Integer.parseInt(env.getOrDefault("VIGIL_KAFKA_PARTITIONS", "12")),
        Short.parseShort(env.getOrDefault("VIGIL_KAFKA_REPLICATION", "1")),
        Duration.ofMillis(Long.parseLong(env.getOrDefault("VIGIL_ALERTING_POLL_MS", "20"))),
        Duration.ofMillis(Long.parseLong(env.getOrDefault("VIGIL_ALERTING_SILENCE_REFRESH_MS", "2000"))));
  }
}

package io.vigil.streams.config;

import java.time.Duration;
import io.vigil.schemas.health.HealthPort;
import java.util.Map;

/**
 * Everything the streams application is configured by, read from environment variables with sensible defaults.
 *
 * @param rulesFile optional extra YAML rule file loaded at start next to the default pack (null = none)
 * @param healthPort port of the GET /health endpoint (VIGIL_STREAMS_HEALTH_PORT, default 8050; 0 = no endpoint)
 * @param commitInterval exactly-once commit interval (VIGIL_STREAMS_COMMIT_MS, default 100): results are readable
 *     (read_committed) only after the commit, so this bounds alert latency from below; each commit costs the broker
 *     a transaction
 */
public record StreamsSettings(String bootstrap, String registryUrl, String appId, String stateDir, String rulesFile,
                              Duration grace, Duration punctuateEvery, Duration staleAfter, Duration maxSampleAge,
                              Duration maxClockSkew, int threads, long rocksDbCacheBytes, boolean loadDefaultRules,
                              int healthPort, Duration commitInterval) {

  /** Defaults suited to tests: short grace, 1 s punctuation. */
  public static StreamsSettings defaults() {
    return fromEnv(Map.of());
  }

  public static StreamsSettings fromEnv(Map<String, String> env) {
    return new StreamsSettings(
        env.getOrDefault("VIGIL_KAFKA_BOOTSTRAP", "localhost:9092"),
        env.getOrDefault("VIGIL_SCHEMA_REGISTRY_URL", "http://localhost:8081"),
        env.getOrDefault("VIGIL_STREAMS_APP_ID", "vigil-streams"),
        env.getOrDefault("VIGIL_STREAMS_STATE_DIR", System.getProperty("java.io.tmpdir") + "/vigil-streams"),
        blankToNull(env.get("VIGIL_RULES_FILE")),
        Duration.ofMillis(Long.parseLong(env.getOrDefault("VIGIL_WINDOW_GRACE_MS", "5000"))),
        Duration.ofMillis(Long.parseLong(env.getOrDefault("VIGIL_PUNCTUATE_MS", "1000"))),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("VIGIL_SERIES_STALE_S", "300"))),
        Duration.ofHours(Long.parseLong(env.getOrDefault("VIGIL_MAX_SAMPLE_AGE_H", "24"))),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("VIGIL_MAX_CLOCK_SKEW_S", "300"))),
        // Two threads even on two cores: under exactly_once_v2 a thread stalls on every commit (producer flush,
        // transaction commit); a second thread processes its partitions meanwhile.
        Integer.parseInt(env.getOrDefault("VIGIL_STREAMS_THREADS", "2")),
        Long.parseLong(env.getOrDefault("VIGIL_ROCKSDB_CACHE_MB", "64")) * 1024 * 1024,
        !"false".equalsIgnoreCase(env.getOrDefault("VIGIL_DEFAULT_RULES", "true")),
        HealthPort.fromEnv(env, "VIGIL_STREAMS_HEALTH_PORT", 8050),
        Duration.ofMillis(positive(env, "VIGIL_STREAMS_COMMIT_MS", 100)));
  }

  private static long positive(Map<String, String> env, String name, long fallback) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + " must be a positive number of milliseconds, got '" + v + "'");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}

package io.vigil.schemas.topics;

import io.vigil.schemas.avro.AlertEvent;
import io.vigil.schemas.avro.AlertRule;
import io.vigil.schemas.avro.CollectorCommand;
import io.vigil.schemas.avro.HealthSample;
import io.vigil.schemas.avro.HealthWindow;
import io.vigil.schemas.avro.LifecycleEvent;
import io.vigil.schemas.avro.MetricSample;
import io.vigil.schemas.avro.MetricWindow;
import io.vigil.schemas.avro.QualitySample;
import io.vigil.schemas.avro.QualityWindow;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/** The topic catalogue of ARCHITECTURE section 2: names, keys, value types, cleanup and retention. */
public enum Topic {
  QUALITY("vigil.quality.v1", "stream_id", QualitySample.class, Cleanup.DELETE, Duration.ofHours(24)),
  HEALTH("vigil.health.v1", "node_id", HealthSample.class, Cleanup.DELETE, Duration.ofHours(24)),
  METRICS("vigil.metrics.v1", "source", MetricSample.class, Cleanup.DELETE, Duration.ofHours(24)),
  LIFECYCLE("vigil.lifecycle.v1", "stream_id", LifecycleEvent.class, Cleanup.COMPACT, null),
  QUALITY_WINDOWS("vigil.quality-windows.v1", "stream_id", QualityWindow.class, Cleanup.DELETE, Duration.ofDays(7)),
  HEALTH_WINDOWS("vigil.health-windows.v1", "node_id", HealthWindow.class, Cleanup.DELETE, Duration.ofDays(7)),
  METRIC_WINDOWS("vigil.metric-windows.v1", "source", MetricWindow.class, Cleanup.DELETE, Duration.ofDays(7)),
  ALERT_RULES("vigil.alert-rules.v1", "rule_id", AlertRule.class, Cleanup.COMPACT, null),
  ALERTS("vigil.alerts.v1", "fingerprint", AlertEvent.class, Cleanup.DELETE, Duration.ofDays(30)),
  COLLECTOR_COMMANDS("vigil.collector-commands.v1", "node_id", CollectorCommand.class, Cleanup.DELETE, Duration.ofHours(1)),
  /** Values are the original bytes; headers say where they came from and why they failed (see {@link DeadLetterHeaders}). */
  DLQ("vigil.dlq.v1", "original key", null, Cleanup.DELETE, Duration.ofDays(14));

  /** Partitions when nothing else is configured (ARCHITECTURE: default 12, 1 in tests). */
  public static final int DEFAULT_PARTITIONS = 12;

  /** Kafka cleanup policy of a topic. */
  public enum Cleanup {
    DELETE("delete"),
    COMPACT("compact");

    public final String policy;

    Cleanup(String policy) {
      this.policy = policy;
    }
  }

  private final String topicName;
  private final String key;
  private final Class<? extends SpecificRecord> valueType;
  private final Cleanup cleanup;
  private final Duration retention;

  Topic(String name, String key, Class<? extends SpecificRecord> valueType, Cleanup cleanup, Duration retention) {
    this.topicName = name;
    this.key = key;
    this.valueType = valueType;
    this.cleanup = cleanup;
    this.retention = retention;
  }

  public String topicName() {
    return topicName;
  }

  /** The field of the value used as the record key. */
  public String key() {
    return key;
  }

  /** The Avro value type; empty for the dead-letter topic, which carries raw bytes. */
  public Optional<Class<? extends SpecificRecord>> valueType() {
    return Optional.ofNullable(valueType);
  }

  public Cleanup cleanup() {
    return cleanup;
  }

  /** Retention for delete topics; empty for compacted ones. */
  public Optional<Duration> retention() {
    return Optional.ofNullable(retention);
  }

  /** The schema registry subject of the value (TopicNameStrategy). */
  public String valueSubject() {
    return topicName + "-value";
  }

  public static Optional<Topic> byName(String name) {
    return Arrays.stream(values()).filter(t -> t.topicName.equals(name)).findFirst();
  }
}

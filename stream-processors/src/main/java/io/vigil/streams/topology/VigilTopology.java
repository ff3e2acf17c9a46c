package io.vigil.streams.topology;

import static io.vigil.streams.topology.ProcessorNames.*;

import io.vigil.schemas.avro.AlertEvent;
import io.vigil.schemas.avro.AlertRule;
import io.vigil.schemas.avro.HealthSample;
import io.vigil.schemas.avro.HealthWindow;
import io.vigil.schemas.avro.LifecycleEvent;
import io.vigil.schemas.avro.MetricSample;
import io.vigil.schemas.avro.MetricWindow;
import io.vigil.schemas.avro.QualitySample;
import io.vigil.schemas.avro.QualityWindow;
import io.vigil.schemas.registry.SchemaRegistryClient;
import io.vigil.schemas.topics.Topic;
import io.vigil.schemas.wire.SpecificAvroDeserializer;
import io.vigil.schemas.wire.SpecificAvroSerializer;
import io.vigil.streams.config.StreamsSettings;
import io.vigil.streams.store.WriteBehindStore;
import io.vigil.streams.validate.PipelineCounters;
import io.vigil.streams.validate.SampleChecks;
import io.vigil.streams.validate.ValidateProcessor;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The Vigil topology, top to bottom like the data flow:
 * <ol>
 *   <li>rules: the compacted rules topic feeds a global store every stage reads;</li>
 *   <li>validate: each input topic is decoded and checked, failures go to the DLQ with headers;</li>
 *   <li>quality (with lifecycle, co-partitioned by stream_id): score MOS, enrich, window, evaluate rules;</li>
 *   <li>health: window per node/instance, evaluate rules;</li>
 *   <li>metrics: window per series (1 min), evaluate instant and aggregate rules;</li>
 *   <li>emit: closed windows to the window topics, every alert state change to the alerts topic.</li>
 * </ol>
 * With {@code passThrough} only validate runs and valid records are forwarded as-is (the benchmark's baseline).
 */
public final class VigilTopology {
  static {
    io.vigil.schemas.wire.AvroTrust.install(); // generated records are built before any serde would install it
  }

  private VigilTopology() {}

  public static Topology build(StreamsSettings settings, List<AlertRule> startupRules, SchemaRegistryClient registry,
                               PipelineCounters counters) {
    return build(settings, startupRules, registry, counters, new InputDelays());
  }

  /** @param delays where the stages report how far behind their input they are */
  public static Topology build(StreamsSettings settings, List<AlertRule> startupRules, SchemaRegistryClient registry,
                               PipelineCounters counters, InputDelays delays) {
    return build(settings, startupRules, registry, counters, delays, false, null);
  }

  /** @param passThroughTopic when passThrough, the topic valid quality samples are copied to */
  public static Topology build(StreamsSettings settings, List<AlertRule> startupRules, SchemaRegistryClient registry,
                               PipelineCounters counters, boolean passThrough, String passThroughTopic) {
    return build(settings, startupRules, registry, counters, new InputDelays(), passThrough, passThroughTopic);
  }

  private static Topology build(StreamsSettings settings, List<AlertRule> startupRules, SchemaRegistryClient registry,
                                PipelineCounters counters, InputDelays delays, boolean passThrough,
                                String passThroughTopic) {
    SampleChecks checks = new SampleChecks(settings.maxSampleAge(), settings.maxClockSkew());
    TopologyContext shared = new TopologyContext(settings, startupRules, registry, counters, delays, checks);
    Topology t = new Topology();
    StringDeserializer keys = new StringDeserializer();
    ByteArrayDeserializer bytes = new ByteArrayDeserializer();

    // 1. Rules: global store of raw rule records, decoded (and validated) by each stage's RuleBook.
    t.addGlobalStore(Stores.keyValueStoreBuilder(store(RULES_STORE), Serdes.String(), Serdes.ByteArray())
            .withLoggingDisabled(),
        "rules-source", keys, bytes, Topic.ALERT_RULES.topicName(), "rules-updater", RuleStoreUpdater::new);

    // 2. Sources and validation.
    t.addSource("quality-source", keys, bytes, Topic.QUALITY.topicName());
    t.addSource("lifecycle-source", keys, bytes, Topic.LIFECYCLE.topicName());
    t.addSource("health-source", keys, bytes, Topic.HEALTH.topicName());
    t.addSource("metrics-source", keys, bytes, Topic.METRICS.topicName());
    String qualityNext = passThrough ? "pass-through-sink" : "quality";
    t.addProcessor("validate-quality", () -> new ValidateProcessor<>(
        new SpecificAvroDeserializer<>(registry, QualitySample.class), checks::quality, qualityNext, DLQ_SINK, counters),
        "quality-source");
    t.addProcessor("validate-lifecycle", () -> new ValidateProcessor<>(
        new SpecificAvroDeserializer<>(registry, LifecycleEvent.class), checks::lifecycle, "quality", DLQ_SINK, counters),
        "lifecycle-source");
    t.addProcessor("validate-health", () -> new ValidateProcessor<>(
        new SpecificAvroDeserializer<>(registry, HealthSample.class), checks::health, "health", DLQ_SINK, counters),
        "health-source");
    t.addProcessor("validate-metrics", () -> new ValidateProcessor<>(
        new SpecificAvroDeserializer<>(registry, MetricSample.class), checks::metric, "metrics", DLQ_SINK, counters),
        "metrics-source");
    t.addSink(DLQ_SINK, Topic.DLQ.topicName(), new StringSerializer(), new ByteArraySerializer(),
        "validate-quality", "validate-lifecycle", "validate-health", "validate-metrics");

    if (passThrough) {
      t.addSink("pass-through-sink", passThroughTopic, new StringSerializer(), serializer(registry, QualitySample.class),
          "validate-quality");
    }

    // 3-5. Score, enrich, window and evaluate, one stage per partitioning key.
    t.addProcessor("quality", () -> new QualityProcessor(shared), "validate-quality", "validate-lifecycle");
    t.addStateStore(kv(LIFECYCLE_STORE, true), "quality");
    t.addStateStore(WriteBehindStore.builder(QUALITY_WINDOWS_STORE, WindowEngine.CODEC), "quality");
    t.addStateStore(WriteBehindStore.builder(QUALITY_ALERTS_STORE, KafkaAlertStore.CODEC), "quality");
    t.addProcessor("health", () -> new HealthProcessor(shared), "validate-health");
    t.addStateStore(WriteBehindStore.builder(HEALTH_WINDOWS_STORE, WindowEngine.CODEC), "health");
    t.addStateStore(WriteBehindStore.builder(HEALTH_ALERTS_STORE, KafkaAlertStore.CODEC), "health");
    t.addProcessor("metrics", () -> new MetricsProcessor(shared), "validate-metrics");
    t.addStateStore(WriteBehindStore.builder(METRIC_WINDOWS_STORE, WindowEngine.CODEC), "metrics");
    t.addStateStore(WriteBehindStore.builder(METRICS_ALERTS_STORE, KafkaAlertStore.CODEC), "metrics");

    // 6. Emit.
    t.addSink(QUALITY_WINDOWS_SINK, Topic.QUALITY_WINDOWS.topicName(), new StringSerializer(),
        serializer(registry, QualityWindow.class), "quality");
    t.addSink(HEALTH_WINDOWS_SINK, Topic.HEALTH_WINDOWS.topicName(), new StringSerializer(),
        serializer(registry, HealthWindow.class), "health");
    t.addSink(METRIC_WINDOWS_SINK, Topic.METRIC_WINDOWS.topicName(), new StringSerializer(),
        serializer(registry, MetricWindow.class), "metrics");
    t.addSink(ALERTS_SINK, Topic.ALERTS.topicName(), new StringSerializer(), serializer(registry, AlertEvent.class),
        "quality", "health", "metrics");
    return t;
  }

  private static KeyValueBytesStoreSupplier store(String name) {
    return Stores.persistentKeyValueStore(name);
  }

  private static StoreBuilder<?> kv(String name, boolean cached) {
    var b = Stores.keyValueStoreBuilder(store(name), Serdes.String(), Serdes.String());
    return cached ? b.withCachingEnabled() : b;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <T extends org.apache.avro.specific.SpecificRecord> org.apache.kafka.common.serialization.Serializer serializer(
      SchemaRegistryClient registry, Class<T> type) {
    return new SpecificAvroSerializer<>(registry);
  }
}

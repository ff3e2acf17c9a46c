package io.vigil.streams.testing;

import io.vigil.schemas.avro.AlertEvent;
import io.vigil.schemas.avro.AlertRule;
import io.vigil.schemas.avro.HealthWindow;
import io.vigil.schemas.avro.MetricWindow;
import io.vigil.schemas.avro.QualityWindow;
import io.vigil.schemas.topics.Topic;
import io.vigil.schemas.wire.SpecificAvroDeserializer;
import io.vigil.schemas.wire.SpecificAvroSerializer;
import io.vigil.streams.StreamsApp;
import io.vigil.streams.config.StreamsSettings;
import io.vigil.streams.topology.InputDelays;
import io.vigil.streams.topology.VigilTopology;
import io.vigil.streams.validate.PipelineCounters;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** A TopologyTestDriver around the real topology, with typed inputs/outputs and a controllable wall clock. */
public final class TopologyHarness implements AutoCloseable {
  public final MemoryRegistry registry = new MemoryRegistry();
  public final PipelineCounters counters = new PipelineCounters();
  public final InputDelays delays = new InputDelays();
  public final TopologyTestDriver driver;
  private final SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>(registry);
  public final TestOutputTopic<String, AlertEvent> alerts;
  public final TestOutputTopic<String, QualityWindow> qualityWindows;
  public final TestOutputTopic<String, HealthWindow> healthWindows;
  public final TestOutputTopic<String, MetricWindow> metricWindows;
  public final TestOutputTopic<String, byte[]> dlq;

  public TopologyHarness(List<AlertRule> startupRules, Instant wallClockStart) {
    try {
      StreamsSettings settings = StreamsSettings.defaults();
      Properties props = StreamsApp.properties(settings);
      props.put("state.dir", Files.createTempDirectory("vigil-ttd").toString());
      driver = new TopologyTestDriver(VigilTopology.build(settings, startupRules, registry, counters, delays), props,
          wallClockStart);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    alerts = driver.createOutputTopic(Topic.ALERTS.topicName(), new StringDeserializer(),
        new SpecificAvroDeserializer<>(registry, AlertEvent.class));
    qualityWindows = driver.createOutputTopic(Topic.QUALITY_WINDOWS.topicName(), new StringDeserializer(),
        new SpecificAvroDeserializer<>(registry, QualityWindow.class));
    healthWindows = driver.createOutputTopic(Topic.HEALTH_WINDOWS.topicName(), new StringDeserializer(),
        new SpecificAvroDeserializer<>(registry, HealthWindow.class));
    metricWindows = driver.createOutputTopic(Topic.METRIC_WINDOWS.topicName(), new StringDeserializer(),
        new SpecificAvroDeserializer<>(registry, MetricWindow.class));
    dlq = driver.createOutputTopic(Topic.DLQ.topicName(), new StringDeserializer(), new ByteArrayDeserializer());
  }

  public TestInputTopic<String, byte[]> raw(Topic topic) {
    return driver.createInputTopic(topic.topicName(), new StringSerializer(), new ByteArraySerializer());
  }

  /** Pipes a record at its event time (Kafka timestamp = ts) on the topic, serialized like a producer would. */
  public void send(Topic topic, String key, SpecificRecord value, Instant ts) {
    raw(topic).pipeInput(key, value == null ? null : serializer.serialize(topic.topicName(), value), ts);
  }

  public void advance(Duration d) {
    driver.advanceWallClockTime(d);
  }

  @Override
  public void close() {
    driver.close();
  }
}

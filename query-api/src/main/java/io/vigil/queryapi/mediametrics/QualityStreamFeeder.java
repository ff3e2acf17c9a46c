package io.vigil.queryapi.mediametrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.vigil.schemas.avro.QualitySample;
import io.vigil.schemas.kafka.KafkaClientEnvironment;
import io.vigil.schemas.registry.RestSchemaRegistryClient;
import io.vigil.schemas.topics.Topic;
import io.vigil.schemas.wire.SpecificAvroDeserializer;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads vigil.quality.v1 in the background and feeds the media histograms; also reports its own lag and the number
 * of records in the dead-letter topic. Bad records are counted and skipped; Kafka outages only delay the figures.
 */
@Singleton
@Requires(property = "vigil.media-metrics.enabled", notEquals = "false")
public class QualityStreamFeeder {
  private static final Logger LOG = LoggerFactory.getLogger(QualityStreamFeeder.class);
  private static final Duration DLQ_EVERY = Duration.ofSeconds(15);

  private final String bootstrap;
  private final String registryUrl;
  private final String groupId;
  private final MediaHistograms histograms;
  private final Counter invalid;
  private final AtomicLong lag = new AtomicLong();
  private final AtomicLong dlq = new AtomicLong();
  private volatile boolean running = true;
  private KafkaConsumer<String, byte[]> consumer;
  private Thread thread;

  public QualityStreamFeeder(MeterRegistry registry, @Value("${vigil.kafka.bootstrap}") String bootstrap,
      @Value("${vigil.schema-registry.url}") String registryUrl,
      @Value("${vigil.media-metrics.group-id:vigil-query-api-media-metrics}") String groupId) {
    this.bootstrap = bootstrap;
    this.registryUrl = registryUrl;
    this.groupId = groupId;
    this.histograms = new MediaHistograms(registry);
    this.invalid = Counter.builder("vigil.api.quality.records.invalid")
        .description("quality records that could not be decoded and were skipped").register(registry);
    Gauge.builder("vigil.api.quality.consumer.lag", lag, AtomicLong::get)
        .description("records of vigil.quality.v1 not yet read by the media-metrics consumer").register(registry);
    Gauge.builder("vigil.dlq.records", dlq, AtomicLong::get)
        .description("records currently retained in vigil.dlq.v1").register(registry);
  }

  @EventListener
  void onStartup(StartupEvent e) {
    thread = new Thread(this::run, "quality-metrics-feeder");
    thread.setDaemon(true);
    thread.start();
  }

  /** The consumer's settings, then the {@code VIGIL_KAFKA_CLIENT_*} ones ({@code clientEnv}, e.g. TLS/SASL). */
  static Properties consumerProperties(String bootstrap, String groupId, Map<String, String> clientEnv) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "vigil-query-api-media-metrics");
    return KafkaClientEnvironment.putAll(p, clientEnv);
  }

  private void run() {
    Properties p = consumerProperties(bootstrap, groupId, KafkaClientEnvironment.fromProcessEnvironment());
    SpecificAvroDeserializer<QualitySample> deserializer =
        new SpecificAvroDeserializer<>(new RestSchemaRegistryClient(registryUrl), QualitySample.class);
    long nextDlqCheck = 0;
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      synchronized (this) {
        consumer = c;
      }
      c.subscribe(List.of(Topic.QUALITY.topicName()));
      while (running) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
          try {
            histograms.record(deserializer.deserialize(r.topic(), r.value()));
          } catch (RuntimeException ex) {
            invalid.increment();
            LOG.debug("skipping undecodable quality record at {}-{}@{}", r.topic(), r.partition(), r.offset(), ex);
          }
        }
        lag.set(c.assignment().stream().mapToLong(tp -> c.currentLag(tp).orElse(0)).sum());
        if (System.currentTimeMillis() >= nextDlqCheck) {
          nextDlqCheck = System.currentTimeMillis() + DLQ_EVERY.toMillis();
          dlq.set(dlqSize(c));
        }
      }
    } catch (WakeupException e) {
      // shutdown
    } catch (RuntimeException e) {
      LOG.error("media-metrics consumer stopped", e);
    }
  }

  private static long dlqSize(KafkaConsumer<String, byte[]> c) {
    try {
      List<TopicPartition> parts = c.partitionsFor(Topic.DLQ.topicName(), Duration.ofSeconds(2)).stream()
          .map(pi -> new TopicPartition(pi.topic(), pi.partition())).collect(Collectors.toList());
      Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(2));
      Map<TopicPartition, Long> begin = c.beginningOffsets(parts, Duration.ofSeconds(2));
      return parts.stream().mapToLong(tp -> end.getOrDefault(tp, 0L) - begin.getOrDefault(tp, 0L)).sum();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  @PreDestroy
  void stop() throws InterruptedException {
    running = false;
    synchronized (this) {
      if (consumer != null) {
        consumer.wakeup();
      }
    }
    if (thread != null) {
      thread.join(5000);
    }
  }
}

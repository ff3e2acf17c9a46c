package io.vigil.queryapi.kafka;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpStatus;
import io.vigil.queryapi.problem.ApiException;
import io.vigil.schemas.avro.CollectorCommand;
import io.vigil.schemas.avro.HealthSample;
import io.vigil.schemas.kafka.KafkaClientEnvironment;
import io.vigil.schemas.registry.RestSchemaRegistryClient;
import io.vigil.schemas.topics.Topic;
import io.vigil.schemas.wire.SpecificAvroSerializer;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the API's few Kafka records (collector commands, consumer heartbeats) in Confluent wire format. The
 * producer is created on first use so the API serves reads while Kafka is down.
 */
@Singleton
public class EventPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);

  private final String bootstrap;
  private final String registryUrl;
  private KafkaProducer<String, byte[]> producer;
  private SpecificAvroSerializer<CollectorCommand> commandSerializer;
  private SpecificAvroSerializer<HealthSample> healthSerializer;

  public EventPublisher(@Value("${vigil.kafka.bootstrap}") String bootstrap,
      @Value("${vigil.schema-registry.url}") String registryUrl) {
    this.bootstrap = bootstrap;
    this.registryUrl = registryUrl;
  }

  public void command(CollectorCommand cmd) {
    String topic = Topic.COLLECTOR_COMMANDS.topicName();
    send(topic, cmd.getNodeId(), () -> commandSerializer.serialize(topic, cmd));
  }

  public void health(HealthSample sample) {
    String topic = Topic.HEALTH.topicName();
    send(topic, sample.getNodeId(), () -> healthSerializer.serialize(topic, sample));
  }

  /** Serialising registers the schema, so a registry outage surfaces here: answer 503, not 500. */
  private void send(String topic, String key, java.util.function.Supplier<byte[]> value) {
    byte[] bytes;
    try {
      init();
      bytes = value.get();
    } catch (RuntimeException e) {
      throw unavailable(e);
    }
    send(topic, key, bytes);
  }

  private void send(String topic, String key, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(e);
    } catch (ExecutionException | TimeoutException e) {
      throw unavailable(e);
    }
  }

  private ApiException unavailable(Exception e) {
    LOG.warn("publishing to Kafka failed", e);
    return new ApiException(HttpStatus.SERVICE_UNAVAILABLE,
        "Kafka or the schema registry is unavailable; retry later", null);
  }

  private synchronized void init() {
    if (producer != null) {
      return;
    }
    RestSchemaRegistryClient registry = new RestSchemaRegistryClient(registryUrl);
    commandSerializer = new SpecificAvroSerializer<>(registry);
    healthSerializer = new SpecificAvroSerializer<>(registry);
    producer = new KafkaProducer<>(producerProperties(bootstrap, KafkaClientEnvironment.fromProcessEnvironment()),
        new StringSerializer(), new ByteArraySerializer());
  }

  /** The producer's settings, then the {@code VIGIL_KAFKA_CLIENT_*} ones ({@code clientEnv}, e.g. TLS/SASL). */
  static Properties producerProperties(String bootstrap, Map<String, String> clientEnv) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 9000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 8000);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "vigil-query-api");
    return KafkaClientEnvironment.putAll(p, clientEnv);
  }

  @PreDestroy
  synchronized void close() {
    if (producer != null) {
      producer.close(java.time.Duration.ofSeconds(5));
    }
  }
}

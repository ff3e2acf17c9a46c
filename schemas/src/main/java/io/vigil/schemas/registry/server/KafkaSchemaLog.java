package io.vigil.schemas.registry.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.schemas.kafka.KafkaClientEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Keeps registry changes in a compacted single-partition topic, as Confluent's registry does with {@code _schemas}.
 * Vigil's dev registry uses its own topic name so it never mixes with a Confluent registry on the same cluster.
 */
public final class KafkaSchemaLog implements SchemaLog {
  public static final String DEFAULT_TOPIC = "_vigil_schemas";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String bootstrap;
  private final String topic;
  private final Map<String, String> clientOverrides;
  private final KafkaProducer<String, String> producer;

  /** Kafka client settings from {@code VIGIL_KAFKA_CLIENT_*} ({@link KafkaClientEnvironment}). */
  public KafkaSchemaLog(String bootstrapServers, String topic) {
    this(bootstrapServers, topic, KafkaClientEnvironment.fromProcessEnvironment());
  }

  public KafkaSchemaLog(String bootstrapServers, String topic, Map<String, String> clientOverrides) {
    this.bootstrap = bootstrapServers;
    this.topic = topic;
    this.clientOverrides = Map.copyOf(clientOverrides);
    ensureTopic();
    this.producer = new KafkaProducer<>(producerProps(bootstrapServers, this.clientOverrides), new StringSerializer(),
        new StringSerializer());
  }

  static Properties producerProps(String bootstrap, Map<String, String> clientOverrides) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    return KafkaClientEnvironment.putAll(p, clientOverrides);
  }

  static Properties consumerProps(String bootstrap, Map<String, String> clientOverrides) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return KafkaClientEnvironment.putAll(p, clientOverrides);
  }

  static Map<String, Object> adminProps(String bootstrap, Map<String, String> clientOverrides) {
    Map<String, Object> p = new HashMap<>();
    p.put("bootstrap.servers", bootstrap);
    return KafkaClientEnvironment.putAll(p, clientOverrides);
  }

  private void ensureTopic() {
    try (Admin admin = Admin.create(adminProps(bootstrap, clientOverrides))) {
      Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      if (!names.contains(topic)) {
        var t = new NewTopic(topic, 1, (short) 1).configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "compact"));
        try {
          admin.createTopics(List.of(t)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot create the registry topic " + topic + " on " + bootstrap + ": " + e, e);
    }
  }

  @Override
  public List<LogEntry> readAll() {
    List<LogEntry> out = new ArrayList<>();
    try (var consumer = new KafkaConsumer<>(consumerProps(bootstrap, clientOverrides), new StringDeserializer(),
        new StringDeserializer())) {
      TopicPartition tp = new TopicPartition(topic, 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long end = consumer.endOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp);
      while (consumer.position(tp) < end) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.value() != null) {
            out.add(decode(r.value()));
          }
        }
      }
    }
    return out;
  }

  @Override
  public void append(LogEntry entry) {
    try {
      producer.send(new ProducerRecord<>(topic, key(entry), encode(entry))).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while storing a schema", e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot store a schema in " + topic + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }

  static String key(LogEntry entry) {
    if (entry instanceof LogEntry.SchemaVersion v) {
      return "SCHEMA:" + v.subject() + ":" + v.version();
    }
    LogEntry.Config c = (LogEntry.Config) entry;
    return "CONFIG:" + (c.subject() == null ? "" : c.subject());
  }

  static String encode(LogEntry entry) {
    ObjectNode n = JSON.createObjectNode();
    if (entry instanceof LogEntry.SchemaVersion v) {
      n.put("keytype", "SCHEMA").put("subject", v.subject()).put("version", v.version()).put("id", v.id())
          .put("schema", v.schema());
    } else if (entry instanceof LogEntry.Config c) {
      n.put("keytype", "CONFIG").put("subject", c.subject()).put("compatibilityLevel", c.level().name());
    }
    return n.toString();
  }

  static LogEntry decode(String text) {
    try {
      JsonNode n = JSON.readTree(text);
      if ("CONFIG".equals(n.path("keytype").asText())) {
        String subject = n.path("subject").isNull() ? null : n.path("subject").asText(null);
        return new LogEntry.Config(subject, CompatibilityLevel.parse(n.path("compatibilityLevel").asText()));
      }
      return new LogEntry.SchemaVersion(n.path("subject").asText(), n.path("version").asInt(), n.path("id").asInt(),
          n.path("schema").asText());
    } catch (Exception e) {
      throw new IllegalStateException("unreadable entry in the registry topic: " + text, e);
    }
  }
}

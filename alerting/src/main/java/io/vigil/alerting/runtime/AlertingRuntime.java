package io.vigil.alerting.runtime;

import io.vigil.alerting.config.AlertingConfig;
import io.vigil.alerting.config.ReceiverConfig;
import io.vigil.alerting.dedup.JdbcNotificationLog;
import io.vigil.alerting.dedup.NotificationLog;
import io.vigil.alerting.dispatch.AlertRouter;
import io.vigil.alerting.dispatch.GroupOwner;
import io.vigil.alerting.dispatch.GroupRecords;
import io.vigil.alerting.notify.Deliverer;
import io.vigil.alerting.notify.DeliveryStats;
import io.vigil.alerting.notify.HttpSender;
import io.vigil.alerting.notify.JdkHttpSender;
import io.vigil.alerting.notify.KafkaDeadLetterSink;
import io.vigil.alerting.receivers.Links;
import io.vigil.alerting.receivers.ReceiverFormats;
import io.vigil.alerting.silence.SilenceRepository;
import io.vigil.alerting.silence.SilenceWatcher;
import io.vigil.schemas.avro.AlertEvent;
import io.vigil.schemas.kafka.KafkaClientEnvironment;
import io.vigil.schemas.registry.RestSchemaRegistryClient;
import io.vigil.schemas.topics.Topic;
import io.vigil.schemas.topics.TopicAdmin;
import io.vigil.schemas.wire.SpecificAvroDeserializer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires one alerting instance: router and group-owner threads, deliverers per receiver, silence watcher. */
public final class AlertingRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertingRuntime.class);
  private final DeliveryStats stats = new DeliveryStats();
  private final SilenceWatcher silenceWatcher;
  private final Map<String, Deliverer> deliverers = new LinkedHashMap<>();
  private final KafkaProducer<byte[], byte[]> producer;
  private final AlertRouter router;
  private final GroupOwner owner;
  private final Thread routerThread;
  private final Thread ownerThread;

  public AlertingRuntime(Settings s, AlertingConfig config, DataSource dataSource) {
    this(s, config, dataSource, new JdkHttpSender(), new JdbcNotificationLog(dataSource));
  }

  public AlertingRuntime(Settings s, AlertingConfig config, DataSource dataSource, HttpSender http,
                         NotificationLog log) {
    Map<String, String> clientEnv = KafkaClientEnvironment.fromProcessEnvironment();
    LOG.info(KafkaClientEnvironment.describe(clientEnv));
    ensureTopics(s, clientEnv);
    producer = new KafkaProducer<>(producerProps(s, clientEnv));
    var links = new Links(config.consoleUrl(), config.grafanaUrl());
    var dlq = new KafkaDeadLetterSink(producer);
    for (ReceiverConfig rc : config.receivers().values()) {
      deliverers.put(rc.name(), new Deliverer(rc, ReceiverFormats.of(rc, links), http, log, dlq, stats));
    }
    silenceWatcher = new SilenceWatcher(new SilenceRepository(dataSource), s.silenceRefresh().toMillis());
    var registry = new RestSchemaRegistryClient(s.schemaRegistryUrl());
    router = new AlertRouter(s.alertsTopic(), s.groupsTopic(), new KafkaConsumer<>(consumerProps(s, s.groupIdPrefix() + "-router", clientEnv)), producer,
        new SpecificAvroDeserializer<>(registry, AlertEvent.class), config.routes(), stats);
    owner = new GroupOwner(s.groupsTopic(), new KafkaConsumer<>(consumerProps(s, s.groupIdPrefix() + "-groups", clientEnv)),
        new SpecificAvroDeserializer<>(registry, AlertEvent.class), config, deliverers, silenceWatcher, stats,
        s.pollTimeout());
    routerThread = new Thread(router, "alert-router");
    ownerThread = new Thread(owner, "group-owner");
    routerThread.start();
    ownerThread.start();
    LOG.info("alerting started: {} receivers {}, kafka {}", deliverers.size(), deliverers.keySet(), s.kafkaBootstrap());
  }

  public DeliveryStats stats() {
    return stats;
  }

  public GroupOwner owner() {
    return owner;
  }

  public SilenceWatcher silences() {
    return silenceWatcher;
  }

  /** Simulates a crash (tests): threads stop at once, nothing more is committed or flushed. */
  public void kill() {
    router.kill();
    owner.kill();
    deliverers.values().forEach(Deliverer::close);
    join();
    producer.close(java.time.Duration.ZERO);
    silenceWatcher.close();
  }

  /** Graceful stop: flush due groups, wait for deliveries in flight, commit, close. */
  @Override
  public void close() {
    router.stop();
    owner.stop();
    join();
    deliverers.values().forEach(Deliverer::close);
    producer.close(java.time.Duration.ofSeconds(5));
    silenceWatcher.close();
    LOG.info("alerting stopped: sent={} retries={} dead_letter={} dedup={} suppressed={} bad_input={}",
        stats.sent.get(), stats.retries.get(), stats.deadLettered.get(), stats.deduplicated.get(),
        stats.suppressed.get(), stats.badInput.get());
  }

  private void join() {
    try {
      routerThread.join(15_000);
      ownerThread.join(15_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void ensureTopics(Settings s, Map<String, String> clientEnv) {
    try (Admin admin = Admin.create(adminProps(s, clientEnv))) {
      new TopicAdmin(admin, s.partitions(), s.replication()).ensure(List.of(Topic.ALERTS, Topic.DLQ));
      for (String t : List.of(s.alertsTopic(), s.groupsTopic())) {
        try {
          admin.createTopics(List.of(new NewTopic(t, s.partitions(), s.replication()))).all().get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create " + t + ": " + e.getCause().getMessage(), e);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Each client's own settings, then the {@code VIGIL_KAFKA_CLIENT_*} ones ({@code clientEnv}, e.g. TLS/SASL). */
  static Properties adminProps(Settings s, Map<String, String> clientEnv) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.kafkaBootstrap());
    return KafkaClientEnvironment.putAll(p, clientEnv);
  }

  static Properties producerProps(Settings s, Map<String, String> clientEnv) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.kafkaBootstrap());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    return KafkaClientEnvironment.putAll(p, clientEnv);
  }

  static Properties consumerProps(Settings s, String groupId, Map<String, String> clientEnv) {
    Map<String, Object> m = new HashMap<>();
    m.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.kafkaBootstrap());
    m.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    m.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    m.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    m.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    m.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    m.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Properties p = new Properties();
    p.putAll(m);
    return KafkaClientEnvironment.putAll(p, clientEnv);
  }
}

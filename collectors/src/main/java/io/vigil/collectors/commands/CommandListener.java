package io.vigil.collectors.commands;

import io.vigil.schemas.avro.CollectorCommand;
import io.vigil.schemas.avro.CommandType;
import io.vigil.schemas.kafka.KafkaClientEnvironment;
import io.vigil.schemas.registry.SchemaRegistryClient;
import io.vigil.schemas.topics.Topic;
import io.vigil.schemas.wire.SpecificAvroDeserializer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code vigil.collector-commands.v1} (its own consumer group per node, from the latest offset: old commands
 * are moot) and runs {@code collect_now} on every handler. Bad records are counted and skipped.
 */
public final class CommandListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CommandListener.class);
  private static final Duration MAX_AGE = Duration.ofMinutes(2);

  private final KafkaConsumer<String, CollectorCommand> consumer;
  private final String nodeId;
  private final List<CollectNowHandler> handlers;
  private final Thread thread;
  private final AtomicLong executed = new AtomicLong();
  private final AtomicLong badRecords = new AtomicLong();
  private volatile boolean running = true;

  public CommandListener(String bootstrap, SchemaRegistryClient registry, String nodeId,
      List<CollectNowHandler> handlers) {
    this.nodeId = nodeId;
    this.handlers = handlers;
    this.consumer = new KafkaConsumer<>(consumerConfig(bootstrap, nodeId, KafkaClientEnvironment.fromProcessEnvironment()),
        new StringDeserializer(), new SpecificAvroDeserializer<>(registry, CollectorCommand.class));
    this.thread = new Thread(this::loop, "vigil-commands");
    thread.setDaemon(true);
  }

  /** The consumer's settings, then the {@code VIGIL_KAFKA_CLIENT_*} ones ({@code clientEnv}, e.g. TLS/SASL). */
  static Map<String, Object> consumerConfig(String bootstrap, String nodeId, Map<String, String> clientEnv) {
    Map<String, Object> c = new HashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "vigil-collector-" + nodeId, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
    return KafkaClientEnvironment.putAll(c, clientEnv);
  }

  public CommandListener start() {
    thread.start();
    return this;
  }

  private void loop() {
    try {
      consumer.subscribe(List.of(Topic.COLLECTOR_COMMANDS.topicName()));
      while (running) {
        try {
          consumer.poll(Duration.ofMillis(500)).forEach(r -> handle(r.value()));
        } catch (org.apache.kafka.common.errors.RecordDeserializationException e) {
          badRecords.incrementAndGet();
          LOG.warn("skipping undecodable command at {}: {}", e.offset(), e.getMessage());
          consumer.seek(e.topicPartition(), e.offset() + 1);
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.warn("command listener stopped: {}", e.toString());
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  void handle(CollectorCommand c) {
    if (!CommandFilter.applies(c, nodeId, Instant.now(), MAX_AGE)) {
      return;
    }
    if (c.getCommand() == CommandType.collect_now) {
      int n = 0;
      for (CollectNowHandler h : handlers) {
        try {
          n += h.collectNow(c.getStreamId());
        } catch (RuntimeException e) {
          LOG.warn("collect_now handler failed: {}", e.toString());
        }
      }
      executed.incrementAndGet();
      LOG.info("collect_now for {} by {}: {} samples", c.getStreamId(), c.getRequestedBy(), n);
    }
  }

  public long executed() {
    return executed.get();
  }

  public long badRecords() {
    return badRecords.get();
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

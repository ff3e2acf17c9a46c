package io.vigil.alerting.dispatch;

import io.vigil.alerting.notify.DeliveryStats;
import io.vigil.alerting.route.Route;
import io.vigil.alerting.route.RouteTree;
import io.vigil.schemas.avro.AlertEvent;
import io.vigil.schemas.topics.DeadLetterHeaders;
import io.vigil.schemas.topics.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 1: reads {@code vigil.alerts.v1} (keyed by fingerprint), routes each event and re-publishes its original bytes
 * keyed by aggregation group, so that every group is owned by exactly one instance. At-least-once: the source offset
 * is committed after the re-keyed records are acknowledged; replays are harmless (group state is idempotent).
 */
public final class AlertRouter implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertRouter.class);
  private final String sourceTopic;
  private final String groupsTopic;
  private final Consumer<byte[], byte[]> consumer;
  private final Producer<byte[], byte[]> producer;
  private final Deserializer<AlertEvent> deserializer;
  private final RouteTree routes;
  private final DeliveryStats stats;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final NeverFiredFilter notifiable = new NeverFiredFilter(200_000);
  private volatile boolean killed;

  public AlertRouter(String sourceTopic, String groupsTopic, Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer,
                     Deserializer<AlertEvent> deserializer, RouteTree routes, DeliveryStats stats) {
    this.sourceTopic = sourceTopic;
    this.groupsTopic = groupsTopic;
    this.consumer = consumer;
    this.producer = producer;
    this.deserializer = deserializer;
    this.routes = routes;
    this.stats = stats;
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(List.of(sourceTopic));
      while (running.get()) {
        ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(200));
        if (batch.isEmpty() || killed) {
          continue;
        }
        for (ConsumerRecord<byte[], byte[]> r : batch) {
          route(r);
        }
        producer.flush();
        if (!killed) {
          // Async is enough: the records are acknowledged, and a lost commit only means a harmless replay.
          consumer.commitAsync();
        }
      }
    } catch (WakeupException e) {
      // shutdown
    } catch (RuntimeException e) {
      LOG.error("alert router stopped", e);
    } finally {
      if (!killed) {
        try {
          consumer.commitSync(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
          LOG.warn("final router commit failed: {}", e.getMessage());
        }
      }
      consumer.close(killed ? Duration.ofSeconds(2) : Duration.ofSeconds(5));
    }
  }

  private void route(ConsumerRecord<byte[], byte[]> r) {
    AlertEvent event;
    try {
      event = deserializer.deserialize(r.topic(), r.value());
      if (event == null) {
        throw new IllegalArgumentException("empty value");
      }
    } catch (RuntimeException e) {
      stats.badInput.incrementAndGet();
      LOG.warn("bad alert event at {}-{}@{} sent to the DLQ: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
      var dlq = new ProducerRecord<>(Topic.DLQ.topicName(), r.key(), r.value());
      DeadLetterHeaders.write(dlq.headers(), r.topic(), r.partition(), r.offset(), "alerting.route", e);
      producer.send(dlq);
      return;
    }
    if (!notifiable.notifiable(event)) {
      return;
    }
    var labels = io.vigil.alerting.model.Alert.from(event).labels();
    for (Route route : routes.match(labels)) {
      var out = new ProducerRecord<>(groupsTopic, route.groupKey(labels).getBytes(StandardCharsets.UTF_8),
          r.value());
      out.headers().add(GroupRecords.ROUTE_HEADER, route.id().getBytes(StandardCharsets.UTF_8));
      producer.send(out);
    }
  }

  /** Graceful stop: the loop ends after the current batch. */
  public void stop() {
    running.set(false);
    consumer.wakeup();
  }

  /** Simulated crash for tests: stop without committing anything more. */
  public void kill() {
    killed = true;
    stop();
  }
}

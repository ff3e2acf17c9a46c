package io.vigil.alerting.dispatch;

import io.vigil.alerting.notify.DeliveryStats;
import io.vigil.alerting.route.Route;
import io.vigil.alerting.route.RouteTree;
import io.vigil.schemas.avro.AlertEvent;
import io.vigil.schemas.topics.DeadLetterHeaders;
import io.vigil.schemas.topics.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 1: reads {@code vigil.alerts.v1} (keyed by fingerprint), routes each event and re-publishes its original bytes
 * keyed by aggregation group, so that every group is owned by exactly one instance. At-least-once: the source offset
 * is committed after the re-keyed records are acknowledged (asynchronously, without blocking the poll loop); replays
 * are harmless (group state is idempotent).
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
  private static final Duration IDLE_POLL = Duration.ofMillis(200);
  private static final Duration BUSY_POLL = Duration.ofMillis(5);
  /** Polled batches not yet committed, oldest first (router thread only). */
  private final ArrayDeque<Batch> pending = new ArrayDeque<>();

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
      consumer.subscribe(List.of(sourceTopic), new CommitOnRevoke());
      while (running.get()) {
        // Poll briefly while batches are unacknowledged, so their offsets are committed soon after the acks.
        ConsumerRecords<byte[], byte[]> batch = consumer.poll(pending.isEmpty() ? IDLE_POLL : BUSY_POLL);
        if (killed) {
          continue;
        }
        if (!batch.isEmpty()) {
          Batch b = new Batch(batch);
          pending.addLast(b);
          for (ConsumerRecord<byte[], byte[]> r : batch) {
            route(r, b);
          }
          b.seal();
        }
        commitAcknowledged(false);
      }
    } catch (WakeupException e) {
      // shutdown
    } catch (RuntimeException e) {
      LOG.error("alert router stopped", e);
    } finally {
      if (!killed) {
        try {
          commitAcknowledged(true);
        } catch (RuntimeException e) {
          LOG.warn("final router commit failed: {}", e.getMessage());
        }
      }
      consumer.close(killed ? Duration.ofSeconds(2) : Duration.ofSeconds(5));
    }
  }

  /**
   * Commits the offsets of the leading batches whose re-keyed records are all acknowledged. The router does not wait
   * for a batch's acknowledgement before polling again (a producer flush per poll put a broker round trip on every
   * alert's path and stalled polling meanwhile); commits advance only over a prefix of acknowledged batches, so
   * nothing unacknowledged is ever committed. A failed send rewinds the consumer to the failed batch and drops the
   * batches after it: they are routed again (replays are harmless). {@code sync} flushes the producer first and
   * commits synchronously (shutdown, revocation).
   */
  private void commitAcknowledged(boolean sync) {
    if (sync) {
      producer.flush();
    }
    Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
    while (!pending.isEmpty()) {
      Batch head = pending.peekFirst();
      if (head.error != null) {
        LOG.warn("re-keyed record not acknowledged ({}), routing again from {}", head.error.getMessage(), head.first);
        for (var e : head.first.entrySet()) {
          if (consumer.assignment().contains(e.getKey())) {
            consumer.seek(e.getKey(), e.getValue());
          }
        }
        pending.clear();
        break;
      }
      if (!head.acknowledged()) {
        break;
      }
      pending.removeFirst();
      done.putAll(head.next);
    }
    done.keySet().retainAll(consumer.assignment());
    if (done.isEmpty()) {
      return;
    }
    if (sync) {
      consumer.commitSync(done, Duration.ofSeconds(5));
    } else {
      // Async is enough: the records are acknowledged, and a lost commit only means a harmless replay.
      consumer.commitAsync(done, null);
    }
  }

  private void route(ConsumerRecord<byte[], byte[]> r, Batch batch) {
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
      batch.send(producer, dlq);
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
      batch.send(producer, out);
    }
  }

  /** One polled batch: its offsets and how many of its re-keyed records still await acknowledgement. */
  private static final class Batch {
    final Map<TopicPartition, Long> first = new HashMap<>();
    final Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
    /** Unacknowledged sends, plus one until the batch is sealed (all of it sent). */
    final AtomicInteger outstanding = new AtomicInteger(1);
    volatile Exception error;

    Batch(ConsumerRecords<byte[], byte[]> records) {
      for (TopicPartition tp : records.partitions()) {
        var rs = records.records(tp);
        first.put(tp, rs.get(0).offset());
        next.put(tp, new OffsetAndMetadata(rs.get(rs.size() - 1).offset() + 1));
      }
    }

    void send(Producer<byte[], byte[]> producer, ProducerRecord<byte[], byte[]> record) {
      outstanding.incrementAndGet();
      producer.send(record, (md, e) -> {
        if (e != null) {
          error = e;
        }
        outstanding.decrementAndGet();
      });
    }

    void seal() {
      outstanding.decrementAndGet();
    }

    boolean acknowledged() {
      return outstanding.get() == 0;
    }
  }

  /** Before partitions move, wait for the acknowledgements and commit what is done, so the next owner replays less. */
  private final class CommitOnRevoke implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (killed) {
        return;
      }
      try {
        commitAcknowledged(true);
      } catch (RuntimeException e) {
        LOG.warn("router commit on revocation failed, the next owner replays more: {}", e.getMessage());
      }
      // Whatever could not be committed is replayed by the next owner; forget it here.
      pending.clear();
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      // nothing to do
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      pending.clear();
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

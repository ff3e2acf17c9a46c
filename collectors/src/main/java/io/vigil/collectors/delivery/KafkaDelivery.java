package io.vigil.collectors.delivery;

import io.vigil.schemas.kafka.KafkaClientEnvironment;
import io.vigil.schemas.wire.AvroEncoding;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's only way to Kafka. Every record is first appended to the {@link DiskSpool} (so the caller never waits for
 * Kafka), then one sender thread reads the spool in order and sends through an idempotent producer (acks=all, lz4),
 * acknowledging spool positions once Kafka confirms. If a send fails the producer is rebuilt and sending resumes at
 * the oldest unacknowledged record.
 */
public final class KafkaDelivery implements RecordSink, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaDelivery.class);
  private static final long CURSOR_PERSIST_MS = 200;

  private final DiskSpool spool;
  private final WireHeaders wire;
  private final Map<String, Object> producerConfig;
  private final int maxInFlight;
  private final Thread sender;
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong sendErrors = new AtomicLong();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private volatile boolean running = true;

  /** A sent record waiting for Kafka's answer. */
  private static final class InFlight {
    final DiskSpool.Entry entry;
    volatile boolean done;

    InFlight(DiskSpool.Entry entry) {
      this.entry = entry;
    }
  }

  public KafkaDelivery(DiskSpool spool, WireHeaders wire, String bootstrap, Map<String, Object> overrides) {
    this.spool = spool;
    this.wire = wire;
    this.producerConfig = producerConfig(bootstrap, KafkaClientEnvironment.fromProcessEnvironment(), overrides);
    this.maxInFlight = 20_000;
    this.sender = new Thread(this::sendLoop, "vigil-delivery");
    sender.setDaemon(true);
    sender.start();
  }

  /**
   * Producer settings of ARCHITECTURE section 2, then the {@code VIGIL_KAFKA_CLIENT_*} settings ({@code clientEnv},
   * e.g. TLS/SASL); overrides win over both (e.g. max.block.ms in tests).
   */
  static Map<String, Object> producerConfig(String bootstrap, Map<String, String> clientEnv,
      Map<String, Object> overrides) {
    Map<String, Object> c = new HashMap<>();
    c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    c.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    // Nobody waits on these sends (pushes are answered once spooled), so batching 20 ms costs no caller anything and
    // saves the broker most of its produce requests: at 1,000 pushes/s a 5 ms linger sent about 200 requests a second.
    c.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    c.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
    c.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    // The producer retries on its own (idempotently, so no duplicates) for this long while Kafka is away; the spool
    // keeps everything beyond maxInFlight on disk meanwhile.
    c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 600_000);
    c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
    c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    c.put(ProducerConfig.CLIENT_ID_CONFIG, "vigil-collector");
    KafkaClientEnvironment.putAll(c, clientEnv);
    c.putAll(overrides);
    c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return c;
  }

  @Override
  public void publish(List<? extends SpecificRecord> records) {
    // Bodies only: the wire header (schema id) is added when a record leaves the spool, so a schema registry outage
    // delays delivery instead of refusing samples.
    List<SpoolRecord> out = new ArrayList<>(records.size());
    for (SpecificRecord r : records) {
      var topic = RecordRouting.topicOf(r);
      out.add(new SpoolRecord(topic.topicName(),
          RecordRouting.keyOf(topic, r).getBytes(java.nio.charset.StandardCharsets.UTF_8), AvroEncoding.body(r)));
    }
    spool.append(out);
  }

  public DeliveryStats stats() {
    return new DeliveryStats(spool.appended(), delivered.get(), spool.pending(), spool.dropped(), sendErrors.get(),
        spool.bytes());
  }

  private void sendLoop() {
    long backoffMs = 100;
    while (running) {
      Producer<byte[], byte[]> producer = null;
      long deliveredBefore = delivered.get();
      try {
        producer = new KafkaProducer<>(producerConfig);
        runProducer(producer);
        producer.close(Duration.ZERO);
        ackDone(inFlight);
        return;
      } catch (InterruptedException e) {
        closeNow(producer);
        return;
      } catch (Exception e) {
        // Unconfirmed records stay unacknowledged in the spool; closing at once drops them from the producer only.
        closeNow(producer);
        if (!running) {
          return;
        }
        sendErrors.incrementAndGet();
        if (delivered.get() > deliveredBefore) {
          backoffMs = 100; // it worked for a while: this is a new outage, start the backoff afresh
        }
        LOG.warn("Kafka delivery failed ({}); resending from the oldest unacknowledged spool record in {} ms",
            e.toString(), backoffMs);
        try {
          Thread.sleep(backoffMs);
        } catch (InterruptedException ie) {
          return;
        }
        backoffMs = Math.min(backoffMs * 2, 5_000);
      }
    }
  }

  private static void closeNow(Producer<byte[], byte[]> producer) {
    if (producer != null) {
      try {
        producer.close(Duration.ZERO);
      } catch (RuntimeException e) {
        LOG.debug("closing producer after failure: {}", e.toString());
      }
    }
  }

  private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();

  private void runProducer(Producer<byte[], byte[]> producer) throws Exception {
    inFlight.clear();
    failure.set(null);
    SpoolPosition readPos = spool.acked();
    long lastPersist = System.currentTimeMillis();
    while (running) {
      Exception f = failure.get();
      if (f != null) {
        throw f;
      }
      ackDone(inFlight);
      long now = System.currentTimeMillis();
      if (now - lastPersist >= CURSOR_PERSIST_MS) {
        spool.persistCursor();
        lastPersist = now;
      }
      if (inFlight.size() >= maxInFlight) {
        Thread.sleep(5);
        continue;
      }
      List<DiskSpool.Entry> batch = spool.read(readPos, Math.min(2_000, maxInFlight - inFlight.size()));
      if (batch.isEmpty()) {
        if (inFlight.isEmpty()) {
          spool.awaitAppend(readPos, 50);
        } else {
          Thread.sleep(1);
        }
        continue;
      }
      for (DiskSpool.Entry e : batch) {
        if (failure.get() != null) {
          break; // e.g. metadata timeout: stop sending, resend from the oldest unacknowledged record
        }
        SpoolRecord r = e.record();
        byte[] value = wire.wrap(r.topic(), r.body());
        InFlight slot = new InFlight(e);
        inFlight.add(slot);
        producer.send(new ProducerRecord<>(r.topic(), r.key().length == 0 ? null : r.key(), value), (md, ex) -> {
          if (ex != null) {
            failure.compareAndSet(null, ex);
          } else {
            slot.done = true;
          }
        });
        readPos = e.next();
      }
    }
    // Graceful stop: give in-flight records a moment; whatever is unconfirmed stays in the spool for the next start.
    long until = System.currentTimeMillis() + 5_000;
    while (!inFlight.isEmpty() && failure.get() == null && System.currentTimeMillis() < until) {
      ackDone(inFlight);
      Thread.sleep(5);
    }
    ackDone(inFlight);
  }

  private void ackDone(ArrayDeque<InFlight> queue) {
    int n = 0;
    while (!queue.isEmpty() && queue.peekFirst().done) {
      spool.acknowledge(queue.pollFirst().entry.next());
      n++;
    }
    delivered.addAndGet(n);
  }

  @Override
  public void close() {
    if (!running) {
      return;
    }
    LOG.info("stopping delivery: {}", stats());
    running = false;
    try {
      sender.join(15_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (sender.isAlive()) {
      sender.interrupt();
    }
    spool.close();
  }
}

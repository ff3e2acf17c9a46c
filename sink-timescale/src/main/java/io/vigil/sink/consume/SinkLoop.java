package io.vigil.sink.consume;

import io.vigil.schemas.kafka.KafkaClientEnvironment;
import io.vigil.sink.metrics.SinkMetrics;
import io.vigil.sink.rows.Row;
import io.vigil.sink.rows.RowMapper;
import io.vigil.sink.rows.SourceRecord;
import io.vigil.sink.write.Batch;
import io.vigil.sink.write.BatchWriter;
import io.vigil.sink.write.Database;
import io.vigil.sink.write.OffsetStore;
import io.vigil.sink.write.Rejection;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consume-write loop. Positions come from sink_offsets (on start and on every assignment), never from Kafka's
 * committed offsets, so a crash at any point neither loses nor duplicates rows. Records are batched by size and time;
 * when PostgreSQL fails, the loop pauses its partitions (Kafka holds the data), keeps polling to stay in the group,
 * and retries the same batch with exponential backoff.
 */
public final class SinkLoop implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(SinkLoop.class);
  private static final int PARALLEL_FROM = 1000;

  /** Batching and retry settings. */
  public record Settings(int batchSize, Duration linger, Duration minBackoff, Duration maxBackoff) {}

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Collection<String> topics;
  private final Settings settings;
  private final Database db;
  private final OffsetStore offsets;
  private final BatchWriter writer;
  private final RecordDecoder decoder;
  private final SinkMetrics metrics;

  private final List<ConsumerRecord<byte[], byte[]>> buffer = new ArrayList<>();
  private final Map<TopicPartition, Long> expected = new HashMap<>();
  private final Set<TopicPartition> needsSeek = new HashSet<>();
  private long firstBufferedAt;
  private long retryAt;
  private Duration backoff;
  private boolean backingOff;
  private long lastLagAt;
  private volatile boolean running = true;
  private volatile boolean healthy = true;
  private volatile Throwable crash;

  public SinkLoop(String bootstrap, String group, Collection<String> topics, Settings settings, Database db,
                  BatchWriter writer, OffsetStore offsets, RecordDecoder decoder, SinkMetrics metrics) {
    this.consumer = new KafkaConsumer<>(consumerConfig(bootstrap, group, settings,
        KafkaClientEnvironment.fromProcessEnvironment()), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.topics = List.copyOf(topics);
    this.settings = settings;
    this.db = db;
    this.writer = writer;
    this.offsets = offsets;
    this.decoder = decoder;
    this.metrics = metrics;
    this.backoff = settings.minBackoff();
  }

  /** The consumer's settings, then the {@code VIGIL_KAFKA_CLIENT_*} ones ({@code clientEnv}, e.g. TLS/SASL). */
  static Map<String, Object> consumerConfig(String bootstrap, String group, Settings settings,
      Map<String, String> clientEnv) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(500, settings.batchSize()));
    // A batch waits for its linger anyway, so the broker may hold a fetch until 64 KB are there, for at most half the
    // linger: a few fetch requests a second per partition instead of one per produced batch.
    config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 64 * 1024);
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) Math.max(1, settings.linger().toMillis() / 2));
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "vigil-sink-" + group);
    return KafkaClientEnvironment.putAll(config, clientEnv);
  }

  /** What killed the loop, or null. */
  public Throwable crash() {
    return crash;
  }

  /** False while the database is failing (the loop is backing off). */
  public boolean healthy() {
    return healthy && running;
  }

  /** Asks the loop to flush what it has and stop; safe from any thread. */
  public void stop() {
    running = false;
    consumer.wakeup();
  }

  @Override
  public void run() {
    consumer.subscribe(topics, new Rebalance());
    try {
      while (running) {
        if (!needsSeek.isEmpty() && System.currentTimeMillis() >= retryAt) {
          seekFromStore();
        }
        long wait = buffer.isEmpty() ? 500 : Math.max(1, settings.linger().toMillis() - (System.currentTimeMillis() - firstBufferedAt));
        if (backingOff) {
          wait = Math.max(1, Math.min(wait, retryAt - System.currentTimeMillis()));
        }
        var records = consumer.poll(Duration.ofMillis(wait));
        for (var r : records) {
          if (buffer.isEmpty()) {
            firstBufferedAt = System.currentTimeMillis();
          }
          buffer.add(r);
        }
        boolean due = buffer.size() >= settings.batchSize()
            || (!buffer.isEmpty() && System.currentTimeMillis() - firstBufferedAt >= settings.linger().toMillis());
        if (due && (!backingOff || System.currentTimeMillis() >= retryAt)) {
          flush();
        }
        updateLag();
      }
      if (!buffer.isEmpty()) {
        flush(); // graceful stop: one last attempt; what fails stays in Kafka for the next start
      }
    } catch (WakeupException e) {
      // stop() was called during poll
      if (!running && !buffer.isEmpty()) {
        flush();
      }
    } catch (Throwable t) {
      // Whatever killed the loop, the open transaction must not commit: abort the connection (the server rolls back)
      // and leave the group without flushing; the next owner resumes from sink_offsets.
      crash = t;
      db.invalidate();
      buffer.clear();
      LOG.error("sink loop died; nothing of the current batch was committed", t);
    } finally {
      consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
      db.close();
      LOG.info("sink loop stopped");
    }
  }

  private void seekFromStore() {
    try {
      Connection c = db.connection();
      Map<TopicPartition, Long> stored = offsets.load(c, needsSeek);
      c.commit();
      List<TopicPartition> fromStart = new ArrayList<>();
      for (TopicPartition tp : needsSeek) {
        Long next = stored.get(tp);
        expected.put(tp, next);
        if (next != null) {
          consumer.seek(tp, next);
        } else {
          fromStart.add(tp);
        }
      }
      if (!fromStart.isEmpty()) {
        consumer.seekToBeginning(fromStart);
      }
      LOG.info("positions from sink_offsets: {} (from the beginning: {})", stored, fromStart);
      if (backingOff && buffer.isEmpty()) {
        // The database answered and nothing is pending: the backoff is over for every partition.
        recovered();
      } else if (!backingOff) {
        consumer.resume(needsSeek);
      }
      needsSeek.clear();
    } catch (SQLException e) {
      failed("reading sink_offsets", e);
    }
  }

  private void flush() {
    long start = System.nanoTime();
    Batch batch;
    try {
      batch = toBatch(buffer);
    } catch (RuntimeException e) {
      failed("decoding (schema registry unavailable)", e);
      return;
    }
    try {
      BatchWriter.Result result = writer.write(db.connection(), batch);
      batch.nextOffsets().forEach(expected::put);
      result.written().forEach(metrics::rows);
      result.rejected().forEach(r -> {
        metrics.deadLetter(r.source().topic());
        LOG.warn("dead-lettered {}-{}@{}: {}", r.source().topic(), r.source().partition(), r.source().offset(), r.message());
      });
      metrics.batch(Duration.ofNanos(System.nanoTime() - start));
      Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
      // Informational only (lag tools read Kafka's committed offsets); positions come from sink_offsets.
      batch.nextOffsets().forEach((tp, o) -> commit.put(tp, new OffsetAndMetadata(o)));
      consumer.commitAsync(commit, null);
      buffer.clear();
      if (backingOff) {
        recovered();
      }
      backoff = settings.minBackoff();
    } catch (OffsetStore.FencedException e) {
      LOG.warn("{}: dropping the batch and re-reading positions", e.getMessage());
      buffer.clear();
      db.invalidate();
      needsSeek.addAll(consumer.assignment());
      consumer.pause(consumer.assignment());
    } catch (SQLException e) {
      failed("writing a batch of " + buffer.size(), e);
    }
  }

  private void recovered() {
    LOG.info("database is back: resuming");
    consumer.resume(consumer.assignment().stream().filter(tp -> !needsSeek.contains(tp)).toList());
    backingOff = false;
    healthy = true;
    metrics.paused(false);
    backoff = settings.minBackoff();
  }

  private void failed(String what, Exception e) {
    metrics.dbError();
    db.invalidate();
    if (!backingOff) {
      LOG.warn("{} failed: {}; pausing partitions and retrying with backoff", what, e.getMessage());
    } else {
      LOG.debug("{} failed again: {}", what, e.getMessage());
    }
    consumer.pause(consumer.assignment());
    backingOff = true;
    healthy = false;
    metrics.paused(true);
    retryAt = System.currentTimeMillis() + backoff.toMillis();
    backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : backoff.multipliedBy(2);
  }

  /**
   * Decodes and maps buffered records; undecodable or unmappable records become rejections, never exceptions.
   * Decoding and mapping are pure and dominate the sink's CPU, so large batches are converted in parallel; the rows
   * are then assembled in Kafka order (upserts of one key must apply in sequence).
   */
  Batch toBatch(List<ConsumerRecord<byte[], byte[]>> records) {
    Object[] converted = new Object[records.size()];
    IntStream range = IntStream.range(0, records.size());
    (records.size() >= PARALLEL_FROM ? range.parallel() : range).forEach(i -> converted[i] = convert(records.get(i)));
    List<Row> rows = new ArrayList<>(records.size());
    List<Rejection> rejected = new ArrayList<>();
    Map<TopicPartition, Long> next = new HashMap<>();
    for (int i = 0; i < converted.length; i++) {
      var r = records.get(i);
      next.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max);
      Object c = converted[i];
      if (c instanceof RuntimeException outage) {
        throw outage;
      } else if (c instanceof Rejection rejection) {
        rejected.add(rejection);
      } else {
        @SuppressWarnings("unchecked")
        List<Row> mapped = (List<Row>) c;
        rows.addAll(mapped);
      }
    }
    Map<TopicPartition, Long> exp = new HashMap<>();
    next.keySet().forEach(tp -> exp.put(tp, expected.get(tp)));
    return new Batch(rows, rejected, next, exp);
  }

  /** One record to its rows, or to a Rejection, or to the exception of a registry outage (the batch is retried). */
  private Object convert(ConsumerRecord<byte[], byte[]> r) {
    SourceRecord src = new SourceRecord(r.topic(), r.partition(), r.offset(), r.key(), r.value());
    SpecificRecord value;
    try {
      value = decoder.decode(r.topic(), r.value());
    } catch (RuntimeException e) {
      if (RecordDecoder.isRegistryOutage(e)) {
        return e;
      }
      return new Rejection(src, "sink:decode", e.getClass().getName(), String.valueOf(e.getMessage()));
    }
    try {
      return RowMapper.map(value, src);
    } catch (RuntimeException e) {
      return new Rejection(src, "sink:map", e.getClass().getName(), String.valueOf(e.getMessage()));
    }
  }

  private void updateLag() {
    long now = System.currentTimeMillis();
    if (now - lastLagAt < 1000) {
      return;
    }
    lastLagAt = now;
    long total = 0;
    for (TopicPartition tp : consumer.assignment()) {
      total += consumer.currentLag(tp).orElse(0);
    }
    metrics.lag(total + buffer.size());
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      LOG.info("assigned {}", partitions);
      consumer.pause(partitions);
      needsSeek.addAll(partitions);
      seekFromStore();
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      if (!buffer.isEmpty() && !backingOff && crash == null) {
        flush(); // hand over cleanly when the database allows; otherwise the new owner re-reads from sink_offsets
      }
      drop(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      drop(partitions);
    }

    private void drop(Collection<TopicPartition> partitions) {
      buffer.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
      partitions.forEach(tp -> {
        expected.remove(tp);
        needsSeek.remove(tp);
      });
    }
  }
}

package io.vigil.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.schemas.avro.AlertStatus;
import io.vigil.schemas.avro.LifecycleState;
import io.vigil.schemas.topics.DeadLetterHeaders;
import io.vigil.schemas.topics.Topic;
import io.vigil.sink.migrate.StorageMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sink end to end against a real broker and embedded PostgreSQL 17 (COPY path, plain-PostgreSQL mode). */
class SinkIT {
  private static SinkTestBed bed;

  @BeforeAll
  static void start() throws Exception {
    bed = new SinkTestBed(1);
  }

  @AfterAll
  static void stop() {
    bed.close();
  }

  @Test
  void writesEveryTopicAndUpsertsState() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Instant hour = now.truncatedTo(ChronoUnit.HOURS);
    for (int i = 0; i < 3; i++) {
      bed.send(Topic.QUALITY, "s-all", Samples.quality("s-all", now.plusSeconds(i), 1.0 + i));
    }
    bed.send(Topic.HEALTH, "n-1", Samples.health("n-1", now));
    bed.send(Topic.QUALITY_WINDOWS, "s-all", Samples.window("s-all", "alice", hour, 1.0, 4.0));
    bed.send(Topic.QUALITY_WINDOWS, "s-all", Samples.window("s-all", "alice", hour.plusSeconds(60), 3.0, 3.0));
    var tenSeconds = Samples.window("s-all", "alice", hour, 9.0, 1.0);
    tenSeconds.setWindow("10s");
    bed.send(Topic.QUALITY_WINDOWS, "s-all", tenSeconds);
    bed.send(Topic.METRIC_WINDOWS, "tts-1", Samples.metricWindow("tts-1", hour, 0.4));
    bed.send(Topic.LIFECYCLE, "s-all", Samples.lifecycle("s-all", LifecycleState.live, now, 10L));
    bed.send(Topic.LIFECYCLE, "s-all", Samples.lifecycle("s-all", LifecycleState.ended, now.plusSeconds(5), 20L));
    bed.send(Topic.LIFECYCLE, "s-all", Samples.lifecycle("s-all", LifecycleState.error, now.plusSeconds(9), 15L));
    bed.send(Topic.ALERT_RULES, "r-1", Samples.rule("r-1", 2, 5.0));
    bed.send(Topic.ALERT_RULES, "r-1", Samples.rule("r-1", 1, 99.0));
    bed.send(Topic.ALERT_RULES, "r-gone", Samples.rule("r-gone", 1, 1.0));
    bed.producer.send(new ProducerRecord<>(Topic.ALERT_RULES.topicName(), "r-gone", null));
    bed.send(Topic.ALERTS, "fp-1", Samples.alert("fp-1", AlertStatus.pending, now));
    bed.send(Topic.ALERTS, "fp-1", Samples.alert("fp-1", AlertStatus.firing, now.plusSeconds(30)));
    bed.producer.flush();

    try (Sink sink = bed.startSink(bed.config(1000), rejected -> { })) {
      assertThat(sink.mode()).isEqualTo(StorageMode.POSTGRESQL);
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(bed.count("SELECT count(*) FROM alert_events")).isEqualTo(2));
      assertThat(bed.count("SELECT count(*) FROM quality_samples WHERE stream_id = 's-all'")).isEqualTo(3);
      assertThat(bed.count("SELECT count(*) FROM health_samples")).isEqualTo(1);
      assertThat(bed.count("SELECT count(*) FROM quality_windows_1m")).isEqualTo(2);
      assertThat(bed.count("SELECT count(*) FROM metric_windows WHERE source = 'tts-1' AND kind = 'counter'"
          + " AND rate = 0.4 AND last = 20 AND labels ->> 'voice' = 'en'")).isEqualTo(1);
      assertThat(bed.count("SELECT count(*) FROM lifecycle WHERE state = 'ended' AND lsn = 20")).isEqualTo(1);
      assertThat(bed.count("SELECT count(*) FROM alert_rules WHERE rule_id = 'r-1' AND version = 2 AND threshold = 5"))
          .isEqualTo(1);
      assertThat(bed.count("SELECT count(*) FROM alert_rules WHERE rule_id = 'r-gone'")).isZero();
      assertThat(bed.count("SELECT count(*) FROM alerts WHERE fingerprint = 'fp-1' AND status = 'firing'")).isEqualTo(1);
      assertThat(bed.count("SELECT windows FROM quality_1h WHERE stream_id = 's-all'")).isEqualTo(2);
      assertThat(bed.count("SELECT count(*) FROM sink_offsets WHERE next_offset > 0")).isGreaterThanOrEqualTo(6);
      assertThat(sink.registry().scrape()).contains("vigil_sink_rows_total{kind=\"upsert\",table=\"alert_events\"} 2.0")
          .contains("vigil_sink_consumer_lag").contains("vigil_sink_batch_seconds_count");
    }
  }

  @Test
  void rejectedRowGoesToTheDeadLetterTopicAndItsBatchIsWritten() throws Exception {
    Instant now = Instant.now();
    for (int i = 0; i < 40; i++) {
      bed.send(Topic.QUALITY, "s-dlq", Samples.quality("s-dlq", now, 1));
    }
    // PostgreSQL refuses a NUL character in text: the whole COPY fails until this row is isolated.
    bed.send(Topic.QUALITY, "s-dlq", Samples.quality("s-dlq\u0000bad", now, 1));
    for (int i = 0; i < 40; i++) {
      bed.send(Topic.QUALITY, "s-dlq", Samples.quality("s-dlq", now, 1));
    }
    bed.rawProducer.send(new ProducerRecord<>(Topic.QUALITY.topicName(), "s-dlq".getBytes(StandardCharsets.UTF_8),
        "not avro".getBytes(StandardCharsets.UTF_8)));
    bed.producer.flush();
    bed.rawProducer.flush();

    try (Sink sink = bed.startSink(bed.config(5000, Duration.ofMillis(500), bed.pg.jdbcUrl(bed.db)), rejected -> { })) {
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(bed.count("SELECT count(*) FROM quality_samples WHERE stream_id = 's-dlq'")).isEqualTo(80));
      List<ConsumerRecord<byte[], byte[]>> dlq = readDlq(2);
      assertThat(dlq).extracting(r -> DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.STAGE))
          .containsExactlyInAnyOrder("sink:quality_samples", "sink:decode");
      var pgRejected = dlq.stream()
          .filter(r -> "sink:quality_samples".equals(DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.STAGE)))
          .findFirst().orElseThrow();
      assertThat(DeadLetterHeaders.read(pgRejected.headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(Topic.QUALITY.topicName());
      assertThat(DeadLetterHeaders.read(pgRejected.headers(), DeadLetterHeaders.ERROR_MESSAGE)).contains("SQLState 22");
      assertThat(new String(pgRejected.key(), StandardCharsets.UTF_8)).isEqualTo("s-dlq");
      assertThat(sink.registry().scrape()).contains("vigil_sink_dead_letters_total{topic=\"vigil.quality.v1\"} 2.0");
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> readDlq(int expected) {
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (var c = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bed.broker.bootstrapServers(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + System.nanoTime()), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(Topic.DLQ.topicName()));
      await().atMost(Duration.ofSeconds(20)).until(() -> {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
        return out.size() >= expected;
      });
    }
    return out;
  }
}

package io.vigil.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.schemas.topics.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once under failure: the sink is killed between COPY and COMMIT while producers keep writing, and
 * PostgreSQL becomes unreachable for a while; afterwards every table holds each produced event exactly once.
 */
class CrashRecoveryIT {
  private static final int OUTAGE_SECONDS = Integer.getInteger("vigil.test.outageSeconds", 30);
  private static SinkTestBed bed;

  @BeforeAll
  static void start() throws Exception {
    bed = new SinkTestBed(3);
  }

  @AfterAll
  static void stop() {
    bed.close();
  }

  /** Produces quality and health samples for {@code seconds}, tagged with a stream/node id, at a steady pace. */
  private static Thread load(String tag, int seconds, AtomicInteger quality, AtomicInteger health) {
    Thread t = new Thread(() -> {
      long end = System.currentTimeMillis() + seconds * 1000L;
      int i = 0;
      while (System.currentTimeMillis() < end) {
        for (int k = 0; k < 200; k++, i++) {
          String stream = tag + "-" + (i % 17);
          bed.send(Topic.QUALITY, stream, Samples.quality(stream, Instant.now(), i % 10));
          quality.incrementAndGet();
          if (i % 10 == 0) {
            bed.send(Topic.HEALTH, tag, Samples.health(tag, Instant.now()));
            health.incrementAndGet();
          }
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
      bed.producer.flush();
    }, "load-" + tag);
    t.start();
    return t;
  }

  @Test
  void killedMidBatchThenRestartedWritesEveryEventOnce() throws Exception {
    AtomicInteger quality = new AtomicInteger();
    AtomicInteger health = new AtomicInteger();
    Thread producer = load("crash", 6, quality, health);
    var config = bed.config(2000, Duration.ofMillis(100), bed.pg.jdbcUrl(bed.db));
    AtomicInteger commits = new AtomicInteger();
    // The 4th batch dies after its rows and offsets went to PostgreSQL but before COMMIT: the worst moment.
    Sink first = bed.startSink(config, rejected -> {
      if (commits.incrementAndGet() == 4) {
        throw new Error("simulated crash between COPY and COMMIT");
      }
    });
    await().atMost(Duration.ofSeconds(90)).until(() -> !first.running());
    assertThat(first.crash()).hasMessageContaining("simulated crash");
    first.close();
    long afterCrash = bed.count("SELECT count(*) FROM quality_samples WHERE stream_id LIKE 'crash-%'");
    assertThat(afterCrash).isLessThan(quality.get() + 1);

    try (Sink second = bed.startSink(config, rejected -> { })) {
      producer.join();
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        assertThat(bed.count("SELECT count(*) FROM quality_samples WHERE stream_id LIKE 'crash-%'")).isEqualTo(quality.get());
        assertThat(bed.count("SELECT count(*) FROM health_samples WHERE node_id = 'crash'")).isEqualTo(health.get());
      });
    }
    assertThat(bed.count("SELECT count(DISTINCT event_id) FROM quality_samples WHERE stream_id LIKE 'crash-%'"))
        .isEqualTo(quality.get());
    assertThat(bed.count("SELECT count(DISTINCT event_id) FROM health_samples WHERE node_id = 'crash'"))
        .isEqualTo(health.get());
  }

  @Test
  void databaseOutagePausesTheSinkAndLosesNothing() throws Exception {
    try (TcpProxy proxy = new TcpProxy(bed.pg.port())) {
      String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + bed.db;
      AtomicInteger quality = new AtomicInteger();
      AtomicInteger health = new AtomicInteger();
      try (Sink sink = bed.startSink(bed.config(2000, Duration.ofMillis(100), url), rejected -> { })) {
        Thread producer = load("outage", OUTAGE_SECONDS + 4, quality, health);
        await().atMost(Duration.ofSeconds(20)).until(() ->
            bed.count("SELECT count(*) FROM quality_samples WHERE stream_id LIKE 'outage-%'") > 0);
        proxy.stop();
        await().atMost(Duration.ofSeconds(20)).until(() -> !sink.healthy());
        long during = System.currentTimeMillis();
        AtomicBoolean stayedDown = new AtomicBoolean(true);
        await().pollInterval(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(OUTAGE_SECONDS + 5)).until(() -> {
          stayedDown.compareAndSet(true, !sink.healthy());
          return System.currentTimeMillis() - during >= OUTAGE_SECONDS * 1000L;
        });
        assertThat(stayedDown).as("unhealthy while PostgreSQL is unreachable").isTrue();
        proxy.start();
        producer.join();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
          assertThat(bed.count("SELECT count(*) FROM quality_samples WHERE stream_id LIKE 'outage-%'")).isEqualTo(quality.get());
          assertThat(bed.count("SELECT count(*) FROM health_samples WHERE node_id = 'outage'")).isEqualTo(health.get());
        });
        assertThat(sink.healthy()).isTrue();
      }
      assertThat(bed.count("SELECT count(DISTINCT event_id) FROM quality_samples WHERE stream_id LIKE 'outage-%'"))
          .isEqualTo(quality.get());
    }
  }
}

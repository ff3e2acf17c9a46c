package io.vigil.collectors.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.schemas.avro.QualitySample;
import io.vigil.schemas.topics.Topic;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.registry.TestRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka stopped under 2,000 samples/s: the broker of a dedicated test cluster is shut down and started again on the
 * same port (the test kit pre-binds listener ports). Outage length: system property vigil.test.outage-s (default 10;
 * the 60 s figure with -Dvigil.test.outage-s=60). Counts by event_id: no loss, no duplicates.
 */
class KafkaOutageTest {
  @TempDir Path dir;

  @Test
  void brokerDownUnderLoadThenBackLosesAndDuplicatesNothing() throws Exception {
    int outageS = Integer.getInteger("vigil.test.outage-s", 10);
    String topic = Topic.QUALITY.topicName();
    try (KafkaBroker broker = KafkaBroker.startDedicated()) {
      broker.createTopics(topic);
      var brokerServer = broker.cluster().brokers().values().iterator().next();
      try (DiskSpool spool = new DiskSpool(dir, 256L << 20, 8L << 20);
          KafkaDelivery delivery = new KafkaDelivery(spool, new WireHeaders(TestRegistry.client()),
              broker.bootstrapServers(), Map.of())) {
        int perTick = 100; // 100 every 50 ms = 2,000/s
        long seq = 0;
        long outageStart = -1;
        long outageEnd = -1;
        long deliveredAtOutage = -1;
        long start = System.currentTimeMillis();
        while (outageEnd < 0 || System.currentTimeMillis() < outageEnd + 3_000) {
          long from = seq;
          delivery.publish(IntStream.range(0, perTick).mapToObj(i -> KafkaDeliveryTest.sample("s" + i % 5, from + i))
              .toList());
          seq += perTick;
          long now = System.currentTimeMillis();
          if (outageStart < 0 && now - start > 3_000 && delivery.stats().delivered() > 0) {
            deliveredAtOutage = delivery.stats().delivered();
            brokerServer.shutdown();
            brokerServer.awaitShutdown();
            outageStart = now;
          } else if (outageStart > 0 && outageEnd < 0 && now - outageStart > outageS * 1000L) {
            assertThat(delivery.stats().pending()).as("records pile up in the spool while Kafka is down")
                .isGreaterThan(1_000);
            brokerServer.startup();
            outageEnd = now;
          }
          Thread.sleep(Math.max(0, 50 - (System.currentTimeMillis() - now)));
        }
        assertThat(deliveredAtOutage).isPositive();
        long published = seq;
        await().atMost(Duration.ofSeconds(60)).until(() -> delivery.stats().pending() == 0);
        assertThat(delivery.stats().dropped()).isZero();

        List<QualitySample> got = KafkaDeliveryTest.consume(broker, topic, 0, (int) published);
        Set<String> ids = new HashSet<>();
        got.forEach(s -> ids.add(s.getEventId()));
        assertThat(got).as("no duplicates").hasSize(ids.size());
        assertThat(ids).as("no loss").hasSize((int) published);
        System.out.printf("outage %d s: published %d, delivered %d unique, send errors %d%n", outageS, published,
            ids.size(), delivery.stats().sendErrors());
      }
    }
  }
}

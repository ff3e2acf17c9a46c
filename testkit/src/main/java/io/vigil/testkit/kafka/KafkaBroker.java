package io.vigil.testkit.kafka;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real in-process KRaft Kafka (one combined broker+controller on random ports). {@link #shared()} gives one per
 * JVM; {@link #startDedicated()} a private one a test may stop.
 */
public final class KafkaBroker implements AutoCloseable {
  private static volatile KafkaBroker shared;

  private final KafkaClusterTestKit cluster;

  private KafkaBroker(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  /** The JVM-wide broker, started on first use and stopped when the JVM exits. */
  public static KafkaBroker shared() {
    if (shared == null) {
      synchronized (KafkaBroker.class) {
        if (shared == null) {
          KafkaBroker broker = startDedicated();
          Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-broker-shutdown"));
          shared = broker;
        }
      }
    }
    return shared;
  }

  /**
   * Stops the JVM-wide broker if one was started. Called when the JUnit session ends, before shutdown hooks run:
   * otherwise Kafka's temp-dir deletion hook can race the broker's own shutdown and the broker halts the JVM with
   * exit code 1 after every test passed.
   */
  public static void stopShared() {
    synchronized (KafkaBroker.class) {
      if (shared != null) {
        shared.close();
        shared = null;
      }
    }
  }

  /** A broker of the caller's own; close it when done. */
  public static KafkaBroker startDedicated() {
    try {
      KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(
          new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
          .setConfigProp("offsets.topic.replication.factor", "1")
          .setConfigProp("offsets.topic.num.partitions", "1")
          .setConfigProp("transaction.state.log.replication.factor", "1")
          .setConfigProp("transaction.state.log.min.isr", "1")
          .setConfigProp("transaction.state.log.num.partitions", "1")
          .setConfigProp("group.initial.rebalance.delay.ms", "0")
          .setConfigProp("num.partitions", "1")
          .setConfigProp("auto.create.topics.enable", "false")
          .build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      return new KafkaBroker(cluster);
    } catch (Exception e) {
      throw new IllegalStateException("could not start the in-process Kafka broker: " + e, e);
    }
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** A new admin client; the caller closes it. */
  public Admin admin() {
    return Admin.create(Map.of("bootstrap.servers", bootstrapServers()));
  }

  /** Creates topics with one partition each, ignoring ones that exist. */
  public void createTopics(String... names) {
    try (Admin admin = admin()) {
      var existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      var missing = java.util.Arrays.stream(names).filter(n -> !existing.contains(n))
          .map(n -> new NewTopic(n, 1, (short) 1)).toList();
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not create topics: " + e, e);
    }
  }

  /** The underlying test kit, for tests that need to stop or inspect broker internals. */
  public KafkaClusterTestKit cluster() {
    return cluster;
  }

  @Override
  public void close() {
    try {
      cluster.close();
    } catch (Exception e) {
      // Closing at JVM exit: nothing useful to do with a failure beyond not masking the test result.
    }
  }
}

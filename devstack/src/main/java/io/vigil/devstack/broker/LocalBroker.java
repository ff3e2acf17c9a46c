package io.vigil.devstack.broker;

import io.vigil.devstack.ports.Ports;
import io.vigil.devstack.services.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * A real single-node KRaft Kafka broker run as its own process from the Kafka jars, data under the dev directory,
 * formatted on first run. Survives restarts of the dev stack with its data.
 */
public final class LocalBroker {
  private final Path dir;
  private final int port;
  private final int controllerPort;
  private final String classpath;
  private ChildProcess process;

  public LocalBroker(Path dir, int port, int controllerPort, String classpath) {
    this.dir = dir;
    this.port = port;
    this.controllerPort = controllerPort;
    this.classpath = classpath;
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** Writes server.properties, formats storage if needed, starts the broker and waits until it answers. */
  public void start(Duration timeout) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path props = dir.resolve("server.properties");
    Path data = dir.resolve("data");
    Files.writeString(props, String.join("\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
        "controller.listener.names=CONTROLLER",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "inter.broker.listener.name=PLAINTEXT",
        "log.dirs=" + data,
        "num.partitions=1",
        "offsets.topic.replication.factor=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "auto.create.topics.enable=false",
        "log.retention.hours=24",
        // The Streams changelogs are compacted while the stack runs; unthrottled, a compaction pass took a third of a
        // core for half a minute and starved the sink on this shared 2-core box. 8 MiB/s is several times what
        // compaction needs at 20,000 samples/s, so the cleaner keeps up, just spread out.
        "log.cleaner.io.max.bytes.per.second=" + (8 << 20),
        "") + "\n");
    Path logs = dir.resolve("logs");
    Map<String, String> env = Map.of();
    if (!Files.exists(data.resolve("meta.properties"))) {
      ChildProcess format = ChildProcess.startJava("kafka-format", List.of("-Xmx256m", "-Dvigil.log.file=" + logs.resolve("kafka-format.log")), classpath,
          "kafka.tools.StorageTool", List.of("format", "-t", clusterId(), "-c", props.toString(), "--standalone"),
          env, logs.resolve("kafka-format.log"));
      int code = format.waitForExit(Duration.ofSeconds(60));
      if (code != 0) {
        throw new IllegalStateException("formatting Kafka storage failed (exit " + code + "):\n" + format.tail(20));
      }
    }
    process = ChildProcess.startJava("kafka", List.of("-Xms256m", "-Xmx512m", "-XX:+UseSerialGC",
            ChildProcess.gcLog(logs, "kafka"), "-Dkafka.logs.dir=" + logs,
            "-Dvigil.log.file=" + logs.resolve("kafka.log")),
        classpath, "kafka.Kafka", List.of(props.toString()), env, logs.resolve("kafka.log"));
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the Kafka broker exited during start-up; last lines of " + process.log()
            + ":\n" + process.tail(30));
      }
      if (Ports.isOpen(port) && clusterAnswers()) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the Kafka broker did not become ready within " + timeout.toSeconds() + " s; see " + process.log());
  }

  private boolean clusterAnswers() {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers(), "request.timeout.ms", 2000,
        "default.api.timeout.ms", 3000))) {
      return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
    } catch (Exception e) {
      return false;
    }
  }

  private String clusterId() throws IOException {
    Path idFile = dir.resolve("cluster.id");
    if (Files.exists(idFile)) {
      return Files.readString(idFile).trim();
    }
    // Kafka's own generator: never starts with '-', which the format tool would read as an option.
    String id = org.apache.kafka.common.Uuid.randomUuid().toString();
    Files.writeString(idFile, id);
    return id;
  }

  public ChildProcess process() {
    return process;
  }

  public void stop() {
    if (process != null) {
      process.stop(Duration.ofSeconds(20));
    }
  }
}

package io.vigil.collectors.cdc;

import io.vigil.schemas.kafka.KafkaClientEnvironment;
import java.util.Map;
import java.util.Properties;

/** Translates a {@link CdcConfig} into the Debezium engine and PostgreSQL connector properties. */
public final class DebeziumProperties {
  private DebeziumProperties() {}

  /** With the {@code VIGIL_KAFKA_CLIENT_*} settings of this process ({@link KafkaClientEnvironment}). */
  public static Properties of(CdcConfig c) {
    return of(c, KafkaClientEnvironment.fromProcessEnvironment());
  }

  /**
   * Pure. {@code clientEnv} (TLS/SASL and other Kafka client settings) is added unprefixed: the embedded engine hands
   * all its properties to an EmbeddedWorkerConfig, and Kafka Connect's KafkaOffsetBackingStore builds the offset
   * topic's producer, consumer and admin client from that config's originals (checked against Debezium 3.6 /
   * connect-runtime 4.x), so plain client keys reach all three. Collisions with Debezium's own keys are not possible
   * for real client settings (those are not engine or connector options).
   */
  public static Properties of(CdcConfig c, Map<String, String> clientEnv) {
    Properties p = new Properties();
    p.setProperty("name", c.name());
    p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
    // Offsets in a compacted Kafka topic: they survive restarts of the agent and of its host.
    p.setProperty("offset.storage", "org.apache.kafka.connect.storage.KafkaOffsetBackingStore");
    p.setProperty("bootstrap.servers", c.kafkaBootstrap());
    p.setProperty("offset.storage.topic", c.offsetTopic());
    p.setProperty("offset.storage.partitions", Integer.toString(c.offsetTopicPartitions()));
    p.setProperty("offset.storage.replication.factor", Short.toString(c.offsetTopicReplication()));
    p.setProperty("offset.flush.interval.ms", Long.toString(c.offsetFlushInterval().toMillis()));
    p.setProperty("offset.flush.timeout.ms", "10000");

    p.setProperty("database.hostname", c.dbHost());
    p.setProperty("database.port", Integer.toString(c.dbPort()));
    p.setProperty("database.user", c.dbUser());
    p.setProperty("database.password", c.dbPassword());
    p.setProperty("database.dbname", c.dbName());
    p.setProperty("topic.prefix", c.name().replaceAll("[^A-Za-z0-9_.-]", "_"));
    p.setProperty("plugin.name", "pgoutput");
    p.setProperty("slot.name", c.slot());
    p.setProperty("publication.name", c.publication());
    // filtered: the publication covers only the listed tables, and creating it needs table ownership, not superuser.
    p.setProperty("publication.autocreate.mode", "filtered");
    p.setProperty("table.include.list", String.join(",", c.capturedTables().stream().map(t -> t.replace(".", "\\.")).toList()));
    p.setProperty("snapshot.mode", "initial");
    // The slot must outlive the engine, or a restart would lose the changes made while it was down.
    p.setProperty("slot.drop.on.stop", "false");
    // Vigil writes its own tombstones (alert rules only); Debezium's would be noise on the lifecycle topic.
    p.setProperty("tombstones.on.delete", "false");
    p.setProperty("time.precision.mode", "connect");
    p.setProperty("decimal.handling.mode", "double");
    p.setProperty("include.unknown.datatypes", "false");

    // Heartbeats confirm the slot's position even when the captured tables are idle, so WAL does not pile up.
    p.setProperty("heartbeat.interval.ms", Long.toString(c.heartbeatInterval().toMillis()));
    if (c.heartbeatTable() != null) {
      p.setProperty("heartbeat.action.query", "INSERT INTO " + c.heartbeatTable()
          + " (id, beat_at) VALUES (1, now()) ON CONFLICT (id) DO UPDATE SET beat_at = EXCLUDED.beat_at");
    }
    // Connection loss: the connector retries itself; if it gives up, CdcSource restarts the engine with backoff.
    p.setProperty("errors.max.retries", "-1");
    p.setProperty("errors.retry.delay.initial.ms", Long.toString(c.retryInitial().toMillis()));
    p.setProperty("errors.retry.delay.max.ms", Long.toString(c.retryMax().toMillis()));
    p.setProperty("retriable.restart.connector.wait.ms", Long.toString(Math.max(1000, c.retryInitial().toMillis())));
    p.setProperty("status.update.interval.ms", "1000");
    return KafkaClientEnvironment.putAll(p, clientEnv);
  }
}

package io.vigil.sink;

import io.vigil.schemas.topics.Topic;
import io.vigil.schemas.wire.SpecificAvroSerializer;
import io.vigil.sink.config.SinkConfig;
import io.vigil.sink.migrate.StorageSettings;
import io.vigil.sink.write.BatchWriter;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.postgres.Postgres;
import io.vigil.testkit.registry.TestRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** A dedicated broker with the sink's topics, a fresh database, and helpers to produce and count. */
final class SinkTestBed implements AutoCloseable {
  final KafkaBroker broker = KafkaBroker.startDedicated();
  final Postgres pg = Postgres.shared();
  final String db = pg.newDatabase();
  final KafkaProducer<String, SpecificRecord> producer;
  final KafkaProducer<byte[], byte[]> rawProducer;

  @SuppressWarnings({"unchecked", "rawtypes"})
  SinkTestBed(int qualityPartitions) throws Exception {
    try (var admin = broker.admin()) {
      admin.createTopics(List.of(new NewTopic(Topic.QUALITY.topicName(), qualityPartitions, (short) 1))).all().get();
    }
    broker.createTopics(SinkConfig.DEFAULT_TOPICS.toArray(String[]::new));
    broker.createTopics(Topic.DLQ.topicName());
    Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5);
    producer = new KafkaProducer<>(p, new StringSerializer(), (org.apache.kafka.common.serialization.Serializer)
        new SpecificAvroSerializer<>(TestRegistry.client()));
    rawProducer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  SinkConfig config(int batchSize, Duration linger, String jdbcUrl) {
    return new SinkConfig(broker.bootstrapServers(), TestRegistry.url(), jdbcUrl, "postgres", "",
        "sink-" + UUID.randomUUID(), SinkConfig.DEFAULT_TOPICS, batchSize, linger, Duration.ofSeconds(2), "copy",
        0, StorageSettings.defaults(), Duration.ZERO, 1000);
  }

  SinkConfig config(int batchSize) {
    return config(batchSize, Duration.ofMillis(100), pg.jdbcUrl(db));
  }

  Sink startSink(SinkConfig config, BatchWriter.BeforeCommit hook) {
    return new Sink(config, TestRegistry.client(), hook).start();
  }

  void send(Topic topic, String key, SpecificRecord value) {
    producer.send(new ProducerRecord<>(topic.topicName(), key, value));
  }

  long count(String sql) {
    try (Connection c = pg.connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    producer.close();
    rawProducer.close();
    broker.close();
  }
}

package io.vigil.collectors.cdc;

import io.vigil.schemas.avro.AlertRule;
import io.vigil.schemas.avro.LifecycleEvent;
import io.vigil.schemas.wire.SpecificAvroDeserializer;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.registry.TestRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Shared setup for the CDC integration tests: tables, config, and reading the output topics back. */
final class CdcTestSupport {
  private static final AtomicInteger SEQ = new AtomicInteger();

  private CdcTestSupport() {}

  /** Vigil's alert_rules table, taken from the sink's migration so the test follows the contract. */
  static String alertRulesDdl() throws IOException {
    Path v1 = Path.of(System.getProperty("vigil.sink.migration",
        "../sink-timescale/src/main/resources/db/migration/V1__core_tables.sql"));
    String sql = Files.readString(v1, StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("CREATE TABLE alert_rules \\(.*?\\n\\);", Pattern.DOTALL).matcher(sql);
    if (!m.find()) {
      throw new IllegalStateException("no CREATE TABLE alert_rules in " + v1);
    }
    return m.group();
  }

  static void createTables(String jdbcUrl) throws Exception {
    try (Connection c = connect(jdbcUrl); Statement s = c.createStatement()) {
      ControlPlaneSchema.apply(c);
      s.execute(alertRulesDdl());
    }
  }

  static Connection connect(String jdbcUrl) throws SQLException {
    return DriverManager.getConnection(jdbcUrl, "postgres", "");
  }

  static void sql(String jdbcUrl, String... statements) throws SQLException {
    try (Connection c = connect(jdbcUrl); Statement s = c.createStatement()) {
      for (String st : statements) {
        s.execute(st);
      }
    }
  }

  /** A config with its own slot, publication, connector name and output topics, so tests do not see each other. */
  static CdcConfig config(String jdbcUrl, KafkaBroker broker) {
    int n = SEQ.incrementAndGet();
    String suffix = "t" + ProcessHandle.current().pid() + "_" + n;
    String lifecycle = "test.lifecycle." + suffix;
    String rules = "test.alert-rules." + suffix;
    broker.createTopics(lifecycle, rules);
    Map<String, Object> m = new HashMap<>();
    m.put("db_url", jdbcUrl);
    m.put("db_user", "postgres");
    m.put("db_password", "");
    m.put("slot", "vigil_" + suffix);
    m.put("publication", "vigil_pub_" + suffix);
    m.put("name", "cdc-" + suffix);
    m.put("kafka_bootstrap", broker.bootstrapServers());
    m.put("schema_registry_url", TestRegistry.url());
    m.put("lifecycle_topic", lifecycle);
    m.put("alert_rules_topic", rules);
    m.put("offset_topic", "test.cdc-offsets");
    m.put("heartbeat_interval_ms", "1000");
    m.put("offset_flush_interval_ms", "500");
    m.put("retry_initial_ms", "200");
    m.put("retry_max_ms", "2000");
    return CdcConfig.fromMap(m);
  }

  /** One decoded output record: key, value (null for a tombstone), and the CDC headers. */
  record Out<T>(String key, T value, String eventId, Long lsn) {}

  static List<Out<LifecycleEvent>> lifecycle(String topic) {
    return read(topic, LifecycleEvent.class);
  }

  static List<Out<AlertRule>> rules(String topic) {
    return read(topic, AlertRule.class);
  }

  /** Everything on a one-partition topic from the start up to its current end. */
  static <T extends org.apache.avro.specific.SpecificRecord> List<Out<T>> read(String topic, Class<T> type) {
    Map<String, Object> props = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    SpecificAvroDeserializer<T> values = new SpecificAvroDeserializer<>(TestRegistry.client(), type);
    List<Out<T>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition tp = new TopicPartition(topic, 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      while (consumer.position(tp) < end) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          T value = r.value() == null ? null : values.deserialize(topic, r.value());
          Header lsn = r.headers().lastHeader(CdcSource.HEADER_LSN);
          Header id = r.headers().lastHeader(CdcSource.HEADER_EVENT_ID);
          out.add(new Out<>(r.key(), value, id == null ? null : new String(id.value(), StandardCharsets.UTF_8),
              lsn == null ? null : Long.parseLong(new String(lsn.value(), StandardCharsets.UTF_8))));
        }
      }
    }
    return out;
  }
}

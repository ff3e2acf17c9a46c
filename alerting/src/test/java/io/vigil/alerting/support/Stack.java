package io.vigil.alerting.support;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.vigil.alerting.config.AlertingConfig;
import io.vigil.alerting.config.ConfigLoader;
import io.vigil.alerting.runtime.AlertingRuntime;
import io.vigil.alerting.runtime.Settings;
import io.vigil.schemas.avro.AlertEvent;
import io.vigil.schemas.wire.SpecificAvroSerializer;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.postgres.Postgres;
import io.vigil.testkit.registry.TestRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One isolated alerting environment per test: the shared broker with topics of its own (unique names), a fresh
 * database with the alerting tables, and a producer that publishes AlertEvents as the stream processor does.
 */
public final class Stack implements AutoCloseable {
  public final String alertsTopic = "alerts-" + UUID.randomUUID();
  public final String groupsTopic = "groups-" + UUID.randomUUID();
  public final String groupId = "alerting-" + UUID.randomUUID();
  public final KafkaBroker broker = KafkaBroker.shared();
  public final Postgres postgres = Postgres.shared();
  public final String database;
  public final DataSource dataSource;
  private final int partitions;
  private final HikariDataSource pool;
  private final KafkaProducer<String, AlertEvent> producer;

  public Stack(int partitions) {
    this.partitions = partitions;
    database = postgres.newDatabase();
    // Pooled like production (AlertingService uses Hikari); a connection per call would dominate the timings.
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(postgres.jdbcUrl(database));
    hc.setUsername("postgres");
    hc.setMaximumPoolSize(4);
    pool = new HikariDataSource(hc);
    dataSource = pool;
    // The real storage schema, as the sink creates it: alerting reads and writes tables it does not own.
    io.vigil.sink.migrate.Migrations.run(dataSource);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    producer = new KafkaProducer<>(p, new StringSerializer(), new SpecificAvroSerializer<>(TestRegistry.client()));
  }

  public Settings settings() {
    return new Settings(broker.bootstrapServers(), TestRegistry.url(), postgres.jdbcUrl(database), "postgres", "",
        "unused", alertsTopic, groupsTopic, groupId, partitions, (short) 1, Duration.ofMillis(20),
        Duration.ofMillis(200));
  }

  public AlertingRuntime start(String yaml, Map<String, String> env) {
    AlertingConfig config = ConfigLoader.parse(yaml, "test", env::get);
    return new AlertingRuntime(settings(), config, dataSource);
  }

  /** Publishes keyed by fingerprint, as ARCHITECTURE section 2 says, and waits for the ack. */
  public void publish(AlertEvent e) {
    try {
      producer.send(new ProducerRecord<>(alertsTopic, e.getFingerprint(), e)).get();
    } catch (Exception ex) {
      throw new IllegalStateException(ex);
    }
  }

  public int count(String sql) {
    try (Connection c = dataSource.getConnection(); var rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public void execute(String sql) {
    try (Connection c = dataSource.getConnection()) {
      c.createStatement().execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(2));
    pool.close();
  }
}

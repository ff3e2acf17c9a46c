package io.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testkit.fixtures.Fixtures;
import io.vigil.testkit.http.RecordingHttpReceiver;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.kafka.KafkaExtension;
import io.vigil.testkit.postgres.Postgres;
import io.vigil.testkit.postgres.PostgresExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class TestkitSmokeTest {
  @Test
  void brokerTakesTransactionalWritesAndServesReadCommitted(KafkaBroker kafka) {
    kafka.createTopics("smoke");
    try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(),
        "transactional.id", "smoke-tx"), new StringSerializer(), new StringSerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("smoke", "k", "v"));
      producer.commitTransaction();
    }
    try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(),
        "group.id", "smoke", "auto.offset.reset", "earliest", "isolation.level", "read_committed"),
        new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of("smoke"));
      var values = new java.util.ArrayList<String>();
      long deadline = System.currentTimeMillis() + 20_000;
      while (values.isEmpty() && System.currentTimeMillis() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
      }
      assertThat(values).containsExactly("v");
    }
  }

  @Test
  void postgresIs17WithLogicalWal(Postgres pg) throws Exception {
    String db = pg.newDatabase();
    try (var c = pg.connect(db); var s = c.createStatement()) {
      ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int, current_setting('wal_level')");
      rs.next();
      assertThat(rs.getInt(1)).isBetween(170000, 179999);
      assertThat(rs.getString(2)).isEqualTo("logical");
    }
  }

  @Test
  void fixturesAndReceiverWork() throws Exception {
    assertThat(Fixtures.lines("webrtc/webrtc-impaired.jsonl")).hasSize(60);
    try (var receiver = new RecordingHttpReceiver()) {
      receiver.thenAnswer(RecordingHttpReceiver.Answer.of(429, "slow down").withHeader("Retry-After", "2"));
      var http = HttpClient.newHttpClient();
      var req = HttpRequest.newBuilder(URI.create(receiver.url("/hook"))).POST(HttpRequest.BodyPublishers.ofString("{}")).build();
      HttpResponse<String> first = http.send(req, HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> second = http.send(req, HttpResponse.BodyHandlers.ofString());
      assertThat(first.statusCode()).isEqualTo(429);
      assertThat(first.headers().firstValue("Retry-After")).contains("2");
      assertThat(second.body()).isEqualTo("ok");
      assertThat(receiver.requests("/hook")).hasSize(2);
    }
  }
}

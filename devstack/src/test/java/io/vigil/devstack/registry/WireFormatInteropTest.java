package io.vigil.devstack.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.devstack.ports.Ports;
import io.vigil.schemas.avro.Direction;
import io.vigil.schemas.avro.MediaKind;
import io.vigil.schemas.avro.QualitySample;
import io.vigil.schemas.registry.server.RegistryHttpServer;
import io.vigil.schemas.topics.Topic;
import io.vigil.schemas.wire.SerdeConfig;
import io.vigil.schemas.wire.SpecificAvroSerializer;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.kafka.KafkaExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue [1/9] must-show: a record written by the project's serializer, read back by an independent path — raw bytes
 * from Kafka, magic byte and id checked by hand, the schema fetched with a plain HTTP GET, decoded with plain Avro.
 */
@ExtendWith(KafkaExtension.class)
class WireFormatInteropTest {
  @Test
  void recordRoundTripsThroughKafkaAndAnIndependentReader(KafkaBroker kafka) throws Exception {
    String topic = Topic.QUALITY.topicName();
    kafka.createTopics(topic);
    try (RegistryHttpServer registry = DevRegistry.start(kafka.bootstrapServers(), Ports.free())) {
      QualitySample sample = QualitySample.newBuilder().setEventId(UUID.randomUUID().toString())
          .setTs(Instant.ofEpochMilli(1_795_316_140_000L)).setNodeId("sfu-eu-1").setCollectorSeq(7)
          .setStreamId("stream-42").setParticipantId("bob").setKind(MediaKind.audio).setDirection(Direction.inbound)
          .setSource("mediasoup").setLossPct(5.64).setJitterMs(9.0).setRttMs(78.0).build();

      // Configured by class name, as an operator's producer config would be: Kafka instantiates and configures it.
      Map<String, Object> producerConfig = Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all",
          "enable.idempotence", true, SerdeConfig.REGISTRY_URL, registry.url(),
          "key.serializer", StringSerializer.class.getName(), "value.serializer", SpecificAvroSerializer.class.getName());
      try (var producer = new KafkaProducer<String, QualitySample>(producerConfig)) {
        producer.send(new ProducerRecord<>(topic, sample.getStreamId(), sample)).get();
      }

      byte[] raw = readOne(kafka, topic).value();
      assertThat(raw[0]).as("magic byte").isEqualTo((byte) 0);
      int id = ByteBuffer.wrap(raw, 1, 4).getInt();

      HttpResponse<String> resp = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(registry.url() + "/schemas/ids/" + id)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(resp.statusCode()).isEqualTo(200);
      Schema writer = new Schema.Parser().parse(new ObjectMapper().readTree(resp.body()).get("schema").asText());

      GenericRecord decoded = new GenericDatumReader<GenericRecord>(writer)
          .read(null, DecoderFactory.get().binaryDecoder(raw, 5, raw.length - 5, null));
      assertThat(decoded.get("stream_id").toString()).isEqualTo("stream-42");
      assertThat(decoded.get("source").toString()).isEqualTo("mediasoup");
      assertThat(decoded.get("loss_pct")).isEqualTo(5.64);
      assertThat(decoded.get("ts")).isEqualTo(1_795_316_140_000L);
      assertThat(decoded.get("mos")).isNull();

      HttpResponse<String> subjects = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(registry.url() + "/subjects")).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(subjects.body()).contains(Topic.QUALITY.valueSubject());
    }
  }

  @Test
  void registryKeepsIdsAcrossARestartBecauseItsLogIsATopic(KafkaBroker kafka) throws Exception {
    Schema v1 = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Persisted\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");
    int port = Ports.free();
    int id;
    try (RegistryHttpServer registry = DevRegistry.start(kafka.bootstrapServers(), port)) {
      var client = new io.vigil.schemas.registry.RestSchemaRegistryClient(registry.url());
      id = client.register("persisted-value", v1);
      HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(registry.url() + "/config/persisted-value"))
          .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"FULL\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }
    try (RegistryHttpServer restarted = DevRegistry.start(kafka.bootstrapServers(), port)) {
      var client = new io.vigil.schemas.registry.RestSchemaRegistryClient(restarted.url());
      assertThat(client.schemaById(id)).isEqualTo(v1);
      assertThat(client.register("persisted-value", v1)).isEqualTo(id);
      String config = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(restarted.url() + "/config/persisted-value"))
          .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
      assertThat(config).contains("FULL");
    }
  }

  private static ConsumerRecord<String, byte[]> readOne(KafkaBroker kafka, String topic) {
    try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(),
        "group.id", "interop-" + UUID.randomUUID(), "auto.offset.reset", "earliest"),
        new org.apache.kafka.common.serialization.StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      List<ConsumerRecord<String, byte[]>> got = new ArrayList<>();
      long deadline = System.currentTimeMillis() + 30_000;
      while (got.isEmpty() && System.currentTimeMillis() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(got::add);
      }
      assertThat(got).as("a record on " + topic).isNotEmpty();
      return got.get(0);
    }
  }
}

package io.vigil.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.schemas.SampleRecords;
import io.vigil.schemas.avro.QualitySample;
import io.vigil.schemas.registry.server.RegistryHttpServer;
import io.vigil.schemas.wire.SpecificAvroDeserializer;
import io.vigil.schemas.wire.SpecificAvroSerializer;
import java.net.ServerSocket;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RestSchemaRegistryClientTest {
  static RegistryHttpServer server;

  @BeforeAll
  static void start() {
    server = RegistryServerFixture.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Schema record(String name, boolean withExtraField, boolean extraHasDefault) {
    var fields = SchemaBuilder.record(name).namespace("test").fields().requiredString("id");
    if (withExtraField) {
      fields = extraHasDefault ? fields.name("extra").type().stringType().stringDefault("x")
          : fields.name("extra").type().stringType().noDefault();
    }
    return fields.endRecord();
  }

  @Test
  void registersOnceAndServesTheSteadyStateFromCache() {
    var client = new RestSchemaRegistryClient(server.url());
    var serializer = new SpecificAvroSerializer<QualitySample>(client);
    serializer.configure(java.util.Map.of(), false);
    var deserializer = new SpecificAvroDeserializer<>(client, QualitySample.class);

    byte[] first = serializer.serialize("vigil.quality.v1", SampleRecords.audioSample("s1", 1.0));
    long callsAfterFirst = client.httpCalls();
    for (int i = 0; i < 1000; i++) {
      byte[] bytes = serializer.serialize("vigil.quality.v1", SampleRecords.audioSample("s" + i, i % 7));
      assertThat(deserializer.deserialize("vigil.quality.v1", bytes).getStreamId()).isEqualTo("s" + i);
    }
    assertThat(callsAfterFirst).isEqualTo(1);
    assertThat(client.httpCalls()).as("steady state makes no HTTP calls").isEqualTo(1);
    assertThat(first[0]).isZero();
  }

  @Test
  void sameSchemaGetsTheSameIdAcrossSubjects() {
    var client = new RestSchemaRegistryClient(server.url());
    Schema s = record("SameId", false, false);
    int a = client.register("a-value", s);
    int b = client.register("b-value", s);
    assertThat(a).isEqualTo(b);
    assertThat(client.schemaById(a)).isEqualTo(s);
  }

  @Test
  void incompatibleSchemaIsRefusedWithTheReason() {
    var client = new RestSchemaRegistryClient(server.url());
    client.register("evolving-value", record("Evolving", false, false));
    Schema breaking = record("Evolving", true, false);
    assertThat(client.isCompatible("evolving-value", breaking)).isFalse();
    assertThatThrownBy(() -> client.register("evolving-value", breaking))
        .isInstanceOf(SchemaRegistryException.Incompatible.class)
        .hasMessageContaining("incompatible")
        .hasMessageContaining("extra");
    Schema compatible = record("Evolving", true, true);
    assertThat(client.isCompatible("evolving-value", compatible)).isTrue();
    assertThat(client.register("evolving-value", compatible)).isPositive();
  }

  @Test
  void unknownIdIsAClearNotFound() {
    var client = new RestSchemaRegistryClient(server.url());
    assertThatThrownBy(() -> client.schemaById(987654))
        .isInstanceOf(SchemaRegistryException.NotFound.class)
        .hasMessageContaining("987654")
        .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(40403));
  }

  @Test
  void deserializingAnUnknownIdNamesTheIdAndTopic() {
    var client = new RestSchemaRegistryClient(server.url());
    var deserializer = new SpecificAvroDeserializer<>(client, QualitySample.class);
    byte[] bytes = {0, 0, 0, 0x7f, 0x7f, 2, 4};
    assertThatThrownBy(() -> deserializer.deserialize("vigil.quality.v1", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("vigil.quality.v1")
        .hasMessageContaining("schema id " + 0x7f7f);
  }

  @Test
  void registryDownIsUnavailableNotAHang() throws Exception {
    int freePort;
    try (ServerSocket s = new ServerSocket(0)) {
      freePort = s.getLocalPort();
    }
    var client = new RestSchemaRegistryClient("http://127.0.0.1:" + freePort);
    assertThatThrownBy(() -> client.register("x-value", record("Down", false, false)))
        .isInstanceOf(SchemaRegistryException.Unavailable.class)
        .hasMessageContaining("unreachable")
        .hasMessageContaining(Integer.toString(freePort));

    var serializer = new SpecificAvroSerializer<QualitySample>(client);
    assertThatThrownBy(() -> serializer.serialize("vigil.quality.v1", SampleRecords.audioSample("s", 0)))
        .isInstanceOf(SerializationException.class)
        .hasCauseInstanceOf(SchemaRegistryException.Unavailable.class);
  }
}

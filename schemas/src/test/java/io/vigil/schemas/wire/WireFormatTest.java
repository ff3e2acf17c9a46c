package io.vigil.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.schemas.SampleRecords;
import io.vigil.schemas.avro.QualitySample;
import io.vigil.schemas.registry.RestSchemaRegistryClient;
import io.vigil.schemas.registry.server.MemorySchemaLog;
import io.vigil.schemas.registry.server.RegistryHttpServer;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WireFormatTest {
  @Test
  void bytesAreMagicZeroThenBigEndianIdThenPlainAvro() throws Exception {
    try (var server = new RegistryHttpServer("127.0.0.1", 0, new MemorySchemaLog()).start()) {
      var client = new RestSchemaRegistryClient(server.url());
      var serializer = new SpecificAvroSerializer<QualitySample>();
      serializer.configure(Map.of(SerdeConfig.REGISTRY_URL, server.url()), false);
      QualitySample sample = SampleRecords.audioSample("room-7", 5.64);
      byte[] bytes = serializer.serialize("vigil.quality.v1", sample);

      assertThat(bytes[0]).isEqualTo((byte) 0);
      int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
      Schema writer = client.schemaById(id);
      var reader = new GenericDatumReader<GenericRecord>(writer);
      GenericRecord decoded = reader.read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
      assertThat(decoded.get("stream_id").toString()).isEqualTo("room-7");
      assertThat(decoded.get("loss_pct")).isEqualTo(5.64);
      assertThat(decoded.get("kind").toString()).isEqualTo("audio");
      assertThat(decoded.get("ts")).isEqualTo(1_795_316_136_298L);
    }
  }

  @Test
  void wrongMagicByteIsRejectedWithTheByteNamed() {
    var deserializer = new SpecificAvroDeserializer<>(new RestSchemaRegistryClient("http://127.0.0.1:1"), QualitySample.class);
    assertThatThrownBy(() -> deserializer.deserialize("vigil.quality.v1", new byte[] {0x7b, 0x22, 0x61, 0x22, 0x3a, 0x31}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("unknown magic byte 0x7b")
        .hasMessageContaining("vigil.quality.v1");
  }

  @Test
  void tooShortRecordIsRejected() {
    var deserializer = new SpecificAvroDeserializer<>(new RestSchemaRegistryClient("http://127.0.0.1:1"), QualitySample.class);
    assertThatThrownBy(() -> deserializer.deserialize("t", new byte[] {0, 1}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("shorter than the 5-byte");
  }

  @Test
  void nullIsATombstoneBothWays() {
    var client = new RestSchemaRegistryClient("http://127.0.0.1:1");
    assertThat(new SpecificAvroSerializer<QualitySample>(client).serialize("t", null)).isNull();
    assertThat(new SpecificAvroDeserializer<>(client, QualitySample.class).deserialize("t", null)).isNull();
  }

  @Test
  void unconfiguredSerdeSaysWhatIsMissing() {
    assertThatThrownBy(() -> new SpecificAvroSerializer<QualitySample>().configure(Map.of(), false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema.registry.url");
  }
}

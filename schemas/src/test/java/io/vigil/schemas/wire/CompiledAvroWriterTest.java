package io.vigil.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.schemas.avro.HealthSample;
import io.vigil.schemas.avro.MetricSample;
import io.vigil.schemas.avro.QualitySample;
import io.vigil.schemas.topics.Topic;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The compiled writer, and {@link AvroEncoding} around it, must produce exactly Avro's own bytes for every record type. */
class CompiledAvroWriterTest {
  static {
    AvroTrust.install();
  }

  @Test
  void everyPublishedValueTypeCompiles() {
    for (Class<?> c : valueTypes()) {
      assertThat(CompiledAvroWriter.compile(SpecificData.get().getSchema(c))).as(c.getSimpleName()).isPresent();
    }
  }

  @Test
  void bytesEqualSpecificDatumWriterForRandomRecords() throws IOException {
    Random rnd = new Random(42);
    for (Class<?> type : valueTypes()) {
      Schema schema = SpecificData.get().getSchema(type);
      for (int i = 0; i < 500; i++) {
        SpecificRecord r = (SpecificRecord) randomValue(schema, rnd, i % 5 == 0);
        assertThat(AvroEncoding.body(r)).as(type.getSimpleName() + " #" + i).isEqualTo(avroBytes(r));
      }
    }
  }

  @Test
  void wireFormatIsTheHeaderThenTheBody() throws IOException {
    QualitySample r = (QualitySample) randomValue(QualitySample.getClassSchema(), new Random(3), false);
    byte[] wire = AvroEncoding.wire(0x01020304, r);
    ByteBuffer b = ByteBuffer.wrap(wire);
    assertThat(WireFormat.readHeader(b, "t")).isEqualTo(0x01020304);
    assertThat(Arrays.copyOfRange(wire, WireFormat.HEADER_SIZE, wire.length)).isEqualTo(avroBytes(r));
  }

  @Test
  void aRecordLargerThanTheKeptBufferIsEncodedWholeAndTheNextOneToo() throws IOException {
    MetricSample big = (MetricSample) randomValue(MetricSample.getClassSchema(), new Random(5), false);
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = 0; labels.size() < 80_000; i++) {
      labels.put("label-" + i, "value-" + i);
    }
    big.setLabels(labels);
    assertThat(AvroEncoding.body(big)).hasSizeGreaterThan(AvroEncoding.KEPT_BUFFER_BYTES).isEqualTo(avroBytes(big));
    QualitySample small = (QualitySample) randomValue(QualitySample.getClassSchema(), new Random(6), false);
    assertThat(AvroEncoding.body(small)).isEqualTo(avroBytes(small));
  }

  /** Every value type of the topic catalogue: what collectors, CDC, stream processors and alerting write. */
  private static List<Class<?>> valueTypes() {
    List<Class<?>> out = new ArrayList<>();
    for (Topic t : Topic.values()) {
      t.valueType().filter(c -> !out.contains(c)).ifPresent(out::add);
    }
    assertThat(out).contains(QualitySample.class, HealthSample.class, MetricSample.class);
    return out;
  }

  @Test
  void aRecordMissingARequiredFieldFailsWithoutCorruptingTheNext() throws IOException {
    Random rnd = new Random(7);
    QualitySample good = (QualitySample) randomValue(QualitySample.getClassSchema(), rnd, false);
    QualitySample bad = QualitySample.newBuilder(good).build();
    bad.setStreamId(null);
    assertThatThrownBy(() -> AvroEncoding.body(bad)).isInstanceOf(NullPointerException.class);
    assertThat(AvroEncoding.body(good)).isEqualTo(avroBytes(good));
  }

  @Test
  void unsupportedShapesAreLeftToAvro() {
    Schema fixed = Schema.createRecord("R", null, "t", false,
        List.of(new Schema.Field("f", Schema.createFixed("F", null, "t", 4))));
    Schema generalUnion = Schema.createRecord("U", null, "t", false, List.of(new Schema.Field("u",
        Schema.createUnion(Schema.create(Schema.Type.INT), Schema.create(Schema.Type.STRING)))));
    assertThat(CompiledAvroWriter.compile(fixed)).isEmpty();
    assertThat(CompiledAvroWriter.compile(generalUnion)).isEmpty();
  }

  private static byte[] avroBytes(SpecificRecord r) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<SpecificRecord>(r.getSchema()).write(r, enc);
    enc.flush();
    return out.toByteArray();
  }

  /** A random value of the schema in the generated classes' Java types; optional fields are null when asked. */
  private static Object randomValue(Schema s, Random rnd, boolean nulls) {
    switch (s.getType()) {
      case RECORD: {
        SpecificRecord r = (SpecificRecord) SpecificData.get().newRecord(null, s);
        for (Schema.Field f : s.getFields()) {
          r.put(f.pos(), randomValue(f.schema(), rnd, nulls));
        }
        return r;
      }
      case UNION: {
        boolean nullable = s.getTypes().stream().anyMatch(b -> b.getType() == Schema.Type.NULL);
        if (nullable && (nulls || rnd.nextInt(4) == 0)) {
          return null;
        }
        Schema branch = s.getTypes().stream().filter(b -> b.getType() != Schema.Type.NULL).findFirst().orElseThrow();
        return randomValue(branch, rnd, nulls);
      }
      case STRING:
        return rnd.nextInt(10) == 0 ? "" : "s" + rnd.nextInt(1_000_000) + (rnd.nextBoolean() ? "ü€" : "");
      case LONG:
        if (s.getLogicalType() != null) {
          return Instant.ofEpochMilli(1_700_000_000_000L + rnd.nextInt(1_000_000_000));
        }
        return rnd.nextBoolean() ? (long) rnd.nextInt(100) : rnd.nextLong();
      case INT:
        return rnd.nextInt();
      case DOUBLE:
        return rnd.nextInt(10) == 0 ? Double.NaN : rnd.nextDouble() * 1000;
      case FLOAT:
        return rnd.nextFloat();
      case BOOLEAN:
        return rnd.nextBoolean();
      case BYTES:
        return ByteBuffer.wrap(new byte[] {(byte) rnd.nextInt(), 1, 2});
      case ENUM:
        return SpecificData.get().createEnum(s.getEnumSymbols().get(rnd.nextInt(s.getEnumSymbols().size())), s);
      case MAP: {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = rnd.nextInt(4); i > 0; i--) {
          m.put("k" + rnd.nextInt(100), randomValue(s.getValueType(), rnd, nulls));
        }
        return m;
      }
      case ARRAY: {
        List<Object> l = new ArrayList<>();
        for (int i = rnd.nextInt(4); i > 0; i--) {
          l.add(randomValue(s.getElementType(), rnd, nulls));
        }
        return l;
      }
      default:
        throw new IllegalStateException("no random value for " + s);
    }
  }
}

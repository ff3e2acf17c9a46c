package io.vigil.collectors.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes a record's Avro binary body. The wire header (schema id) is added only when the record leaves the spool,
 * so a schema registry outage delays delivery instead of refusing samples.
 */
public final class AvroBodies {
  private static final Map<Schema, SpecificDatumWriter<SpecificRecord>> WRITERS = new ConcurrentHashMap<>();
  /** Per schema: the compiled writer, or empty when the schema needs Avro's own (see {@link CompiledAvroWriter}). */
  private static final Map<Schema, Optional<CompiledAvroWriter>> COMPILED = new ConcurrentHashMap<>();

  /** Per-thread buffer and buffered encoder: the unbuffered encoder writes byte by byte (slow on the hot path). */
  private static final class Scratch {
    final Buffer out = new Buffer();
    BinaryEncoder encoder;
  }

  /** A ByteArrayOutputStream without the per-call locking. */
  private static final class Buffer extends ByteArrayOutputStream {
    Buffer() {
      super(512);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, buf, count, len);
      count += len;
    }

    @Override
    public void write(int b) {
      ensure(1);
      buf[count++] = (byte) b;
    }

    private void ensure(int extra) {
      if (count + extra > buf.length) {
        buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, count + extra));
      }
    }
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  static {
    io.vigil.schemas.wire.AvroTrust.install();
  }

  private AvroBodies() {}

  public static byte[] encode(SpecificRecord record) {
    Scratch s = SCRATCH.get();
    s.out.reset();
    try {
      s.encoder = EncoderFactory.get().binaryEncoder(s.out, s.encoder);
      Schema schema = record.getSchema();
      Optional<CompiledAvroWriter> compiled = COMPILED.computeIfAbsent(schema, CompiledAvroWriter::compile);
      if (compiled.isPresent()) {
        compiled.get().write(record, s.encoder);
      } else {
        WRITERS.computeIfAbsent(schema, SpecificDatumWriter::new).write(record, s.encoder);
      }
      s.encoder.flush();
      return s.out.toByteArray();
    } catch (IOException e) {
      s.encoder = null;
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      // A record that fails half-way (e.g. a null required field) leaves bytes in the encoder's buffer, which reusing
      // it would flush into the next record's body.
      s.encoder = null;
      throw e;
    }
  }
}

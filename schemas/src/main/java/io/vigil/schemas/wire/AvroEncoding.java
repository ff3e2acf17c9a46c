package io.vigil.schemas.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro binary encoding of generated records for every writer in the project (the wire-format serializer, the
 * collector's spool): {@link CompiledAvroWriter} where the schema allows it, Avro's {@code SpecificDatumWriter}
 * otherwise, through a buffered encoder into a per-thread buffer. Avro's writer with an unbuffered encoder was 7 % of
 * a stream thread's time in the streams benchmark.
 */
public final class AvroEncoding {
  /** A thread's buffer is dropped after a record larger than this, so one huge record does not stay allocated. */
  static final int KEPT_BUFFER_BYTES = 1 << 20;

  private static final Map<Schema, Optional<CompiledAvroWriter>> COMPILED = new ConcurrentHashMap<>();
  private static final Map<Schema, SpecificDatumWriter<SpecificRecord>> WRITERS = new ConcurrentHashMap<>();
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  static {
    AvroTrust.install();
  }

  private AvroEncoding() {}

  /** The record's Avro binary body. */
  public static byte[] body(SpecificRecord record) {
    return encode(record, false, 0);
  }

  /** The record in Confluent wire format: the {@link WireFormat} header with {@code schemaId}, then the body. */
  public static byte[] wire(int schemaId, SpecificRecord record) {
    return encode(record, true, schemaId);
  }

  private static byte[] encode(SpecificRecord record, boolean header, int schemaId) {
    Scratch s = SCRATCH.get();
    s.out.reset();
    try {
      if (header) {
        ByteBuffer head = ByteBuffer.allocate(WireFormat.HEADER_SIZE);
        WireFormat.writeHeader(head, schemaId);
        s.out.write(head.array(), 0, WireFormat.HEADER_SIZE);
      }
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
      // it would flush into the next record.
      s.encoder = null;
      throw e;
    } finally {
      if (s.out.capacity() > KEPT_BUFFER_BYTES) {
        SCRATCH.remove();
      }
    }
  }

  /** One thread's buffer and buffered encoder (the unbuffered encoder writes byte by byte). */
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

    int capacity() {
      return buf.length;
    }

    private void ensure(int extra) {
      if (count + extra > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + extra));
      }
    }
  }
}

package io.vigil.schemas.wire;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/** Confluent wire format: byte 0 = magic 0, bytes 1-4 = big-endian schema id, then the Avro binary body. */
public final class WireFormat {
  public static final byte MAGIC = 0;
  public static final int HEADER_SIZE = 5;

  private WireFormat() {}

  /** Reads and checks the header; returns the schema id and leaves the buffer positioned at the Avro body. */
  public static int readHeader(ByteBuffer buffer, String topic) {
    if (buffer.remaining() < HEADER_SIZE) {
      throw new SerializationException("record on " + topic + " is " + buffer.remaining()
          + " bytes, shorter than the 5-byte Confluent wire-format header");
    }
    byte magic = buffer.get();
    if (magic != MAGIC) {
      throw new SerializationException(String.format(
          "unknown magic byte 0x%02x on %s: not Confluent wire format (expected 0x00)", magic, topic));
    }
    return buffer.getInt();
  }

  public static void writeHeader(ByteBuffer buffer, int schemaId) {
    buffer.put(MAGIC).putInt(schemaId);
  }
}

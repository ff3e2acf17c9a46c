package io.vigil.collectors.delivery;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Frame format of spool segments: {@code int length, int crc32c, payload}; payload = {@code short topicLen, topic,
 * int keyLen, key, body}. A torn or corrupt frame (kill -9 mid-write) reads as the end of the segment.
 */
public final class SpoolCodec {
  static final int FRAME_HEADER = 8;
  /** Larger frames are treated as corruption rather than allocated. */
  static final int MAX_FRAME = 16 * 1024 * 1024;

  private SpoolCodec() {}

  public static int frameSize(SpoolRecord r) {
    return FRAME_HEADER + payloadSize(r);
  }

  private static int payloadSize(SpoolRecord r) {
    return 2 + r.topic().getBytes(StandardCharsets.UTF_8).length + 4 + r.key().length + r.body().length;
  }

  public static void encode(SpoolRecord r, ByteBuffer out) {
    byte[] topic = r.topic().getBytes(StandardCharsets.UTF_8);
    int payload = 2 + topic.length + 4 + r.key().length + r.body().length;
    int start = out.position();
    out.putInt(payload).putInt(0);
    int payloadStart = out.position();
    out.putShort((short) topic.length).put(topic).putInt(r.key().length).put(r.key()).put(r.body());
    CRC32C crc = new CRC32C();
    crc.update(out.array(), out.arrayOffset() + payloadStart, payload);
    out.putInt(start + 4, (int) crc.getValue());
  }

  /**
   * Decodes the frame at the buffer's position. Returns null (position unchanged) when the buffer does not hold a
   * whole frame; throws {@link CorruptFrame} when the frame is damaged.
   */
  public static SpoolRecord decode(ByteBuffer in) {
    if (in.remaining() < FRAME_HEADER) {
      return null;
    }
    int start = in.position();
    int len = in.getInt(start);
    if (len < 6 || len > MAX_FRAME) {
      throw new CorruptFrame("frame length " + len + " out of range");
    }
    if (in.remaining() < FRAME_HEADER + len) {
      return null;
    }
    int crcStored = in.getInt(start + 4);
    CRC32C crc = new CRC32C();
    ByteBuffer payload = in.duplicate();
    payload.position(start + FRAME_HEADER).limit(start + FRAME_HEADER + len);
    crc.update(payload.duplicate());
    if ((int) crc.getValue() != crcStored) {
      throw new CorruptFrame("crc mismatch");
    }
    int topicLen = payload.getShort() & 0xffff;
    if (topicLen > len - 6) {
      throw new CorruptFrame("topic length " + topicLen + " exceeds frame");
    }
    byte[] topic = new byte[topicLen];
    payload.get(topic);
    int keyLen = payload.getInt();
    if (keyLen < 0 || keyLen > payload.remaining()) {
      throw new CorruptFrame("key length " + keyLen + " exceeds frame");
    }
    byte[] key = new byte[keyLen];
    payload.get(key);
    byte[] body = new byte[payload.remaining()];
    payload.get(body);
    in.position(start + FRAME_HEADER + len);
    return new SpoolRecord(new String(topic, StandardCharsets.UTF_8), key, body);
  }

  /** A damaged frame; the spool treats the rest of the segment as lost. */
  public static final class CorruptFrame extends RuntimeException {
    CorruptFrame(String message) {
      super(message);
    }
  }
}

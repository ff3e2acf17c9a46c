package io.vigil.collectors.delivery;

import java.util.Objects;

/** One record waiting in the spool: target topic, key bytes and the Avro binary body (no wire header yet). */
public record SpoolRecord(String topic, byte[] key, byte[] body) {
  public SpoolRecord {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(body, "body");
    key = key == null ? new byte[0] : key;
  }
}

package io.vigil.schemas.topics;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/** The header names every dead-letter record carries, and a helper to write them consistently from any stage. */
public final class DeadLetterHeaders {
  public static final String SOURCE_TOPIC = "vigil.dlq.source.topic";
  public static final String SOURCE_PARTITION = "vigil.dlq.source.partition";
  public static final String SOURCE_OFFSET = "vigil.dlq.source.offset";
  public static final String STAGE = "vigil.dlq.stage";
  public static final String ERROR_CLASS = "vigil.dlq.error.class";
  public static final String ERROR_MESSAGE = "vigil.dlq.error.message";

  private DeadLetterHeaders() {}

  /** Adds the standard headers. Messages are capped so one huge exception cannot bloat the topic. */
  public static Headers write(Headers headers, String sourceTopic, int partition, long offset, String stage, Throwable error) {
    return write(headers, sourceTopic, partition, offset, stage, error.getClass().getName(), String.valueOf(error.getMessage()));
  }

  public static Headers write(Headers headers, String sourceTopic, int partition, long offset, String stage,
                              String errorClass, String message) {
    headers.add(SOURCE_TOPIC, bytes(sourceTopic));
    headers.add(SOURCE_PARTITION, bytes(Integer.toString(partition)));
    headers.add(SOURCE_OFFSET, bytes(Long.toString(offset)));
    headers.add(STAGE, bytes(stage));
    headers.add(ERROR_CLASS, bytes(errorClass));
    headers.add(ERROR_MESSAGE, bytes(message.length() > 2000 ? message.substring(0, 2000) : message));
    return headers;
  }

  /** Reads one header as text, or null when absent. */
  public static String read(Headers headers, String name) {
    var h = headers.lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String s) {
    return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
  }
}

package io.vigil.collectors.webrtc;

import java.util.Map;
import java.util.Objects;

/** Who a getStats() report belongs to: the tags a pusher sends next to the report. */
public record StreamIdentity(String streamId, String sessionId, String participantId, String room, String source,
    Map<String, String> labels) {
  public StreamIdentity {
    Objects.requireNonNull(streamId, "stream_id");
    source = source == null || source.isBlank() ? "browser" : source;
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  public static StreamIdentity of(String streamId, String participantId) {
    return new StreamIdentity(streamId, null, participantId, null, "browser", Map.of());
  }
}

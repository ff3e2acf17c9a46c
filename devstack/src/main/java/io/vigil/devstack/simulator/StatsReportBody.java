package io.vigil.devstack.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON body the collector's W3C stats endpoint takes: the getStats() array tagged with who it belongs to. */
final class StatsReportBody {
  private StatsReportBody() {}

  static Map<String, Object> of(Population.Participant p, long nowMs, List<Map<String, Object>> stats) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("stream_id", p.streamId());
    body.put("session_id", p.sessionId());
    body.put("room", p.room());
    body.put("participant_id", p.participantId());
    body.put("source", "browser");
    body.put("ts", nowMs);
    // The collector stamps its own node id; which simulated SFU the participant is on travels as a label.
    body.put("labels", Map.of("sfu_node", p.nodeId()));
    body.put("stats", stats);
    return body;
  }
}

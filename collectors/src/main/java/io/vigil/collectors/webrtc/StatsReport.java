package io.vigil.collectors.webrtc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Index over one W3C getStats() report: its RTCStats objects (those with a string {@code type}) by type and by id.
 */
public final class StatsReport {
  private final Map<String, RtcStats> byId = new HashMap<>();
  private final List<RtcStats> all = new ArrayList<>();

  /** Takes stats objects in report order; objects without a string type are not stats and are left out. */
  StatsReport(List<RtcStats> stats) {
    for (RtcStats s : stats) {
      if (s.text(StatField.type) != null) {
        all.add(s);
        String id = s.text(StatField.id);
        if (id != null) {
          byId.put(id, s);
        }
      }
    }
  }

  /** From a parsed report (a JSON array of RTCStats objects, or a map id -> object). */
  public static StatsReport of(JsonNode report) {
    if (report == null || !(report.isArray() || report.isObject())) {
      throw new IllegalArgumentException("a getStats() report must be a JSON array or object of RTCStats");
    }
    List<RtcStats> stats = new ArrayList<>(report.size());
    Iterable<JsonNode> items = report.isArray() ? report : () -> report.elements();
    for (JsonNode s : items) {
      if (s != null && s.isObject()) {
        stats.add(RtcStats.of(s));
      }
    }
    return new StatsReport(stats);
  }

  public List<RtcStats> ofType(String type) {
    List<RtcStats> out = new ArrayList<>();
    for (RtcStats s : all) {
      if (type.equals(s.text(StatField.type))) {
        out.add(s);
      }
    }
    return out;
  }

  public RtcStats byId(String id) {
    return id == null ? null : byId.get(id);
  }

  public int size() {
    return all.size();
  }

  /** The candidate pair in use: the transport's selected pair, else a nominated succeeded pair. */
  public RtcStats selectedCandidatePair() {
    for (RtcStats t : ofType("transport")) {
      RtcStats pair = byId(t.text(StatField.selectedCandidatePairId));
      if (pair != null) {
        return pair;
      }
    }
    for (RtcStats p : ofType("candidate-pair")) {
      if (p.flag(StatField.nominated) && "succeeded".equals(p.text(StatField.state))) {
        return p;
      }
    }
    return null;
  }
}

package io.vigil.collectors.webrtc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Index over one W3C getStats() report (a JSON array of RTCStats objects, or a map id -> object) with lenient,
 * validated number access: missing, non-numeric, NaN, infinite or negative values read as null.
 */
public final class StatsReport {
  private final Map<String, JsonNode> byId = new HashMap<>();
  private final List<JsonNode> all = new ArrayList<>();

  public StatsReport(JsonNode report) {
    if (report == null || !(report.isArray() || report.isObject())) {
      throw new IllegalArgumentException("a getStats() report must be a JSON array or object of RTCStats");
    }
    Iterable<JsonNode> items = report.isArray() ? report : () -> report.elements();
    for (JsonNode s : items) {
      if (s != null && s.isObject() && s.path("type").isTextual()) {
        all.add(s);
        if (s.path("id").isTextual()) {
          byId.put(s.get("id").asText(), s);
        }
      }
    }
  }

  public List<JsonNode> ofType(String type) {
    return all.stream().filter(s -> type.equals(s.path("type").asText())).toList();
  }

  public JsonNode byId(String id) {
    return id == null ? null : byId.get(id);
  }

  public int size() {
    return all.size();
  }

  /** A non-negative finite number, else null. */
  public static Double num(JsonNode s, String field) {
    JsonNode v = s == null ? null : s.get(field);
    if (v == null || !v.isNumber()) {
      return null;
    }
    double d = v.asDouble();
    return Double.isFinite(d) && d >= 0 ? d : null;
  }

  public static String text(JsonNode s, String field) {
    JsonNode v = s == null ? null : s.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  /** The candidate pair in use: the transport's selected pair, else a nominated succeeded pair. */
  public JsonNode selectedCandidatePair() {
    for (JsonNode t : ofType("transport")) {
      JsonNode pair = byId(text(t, "selectedCandidatePairId"));
      if (pair != null) {
        return pair;
      }
    }
    for (JsonNode p : ofType("candidate-pair")) {
      if (p.path("nominated").asBoolean(false) && "succeeded".equals(text(p, "state"))) {
        return p;
      }
    }
    return null;
  }
}

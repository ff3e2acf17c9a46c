package io.vigil.collectors.webrtc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a getStats() report straight off a streaming parser into {@link RtcStats}, keeping only the members in
 * {@link StatField}: building a Jackson tree of every member first cost more than the interval math itself.
 * Same reading as {@link StatsReport#of}: non-object items are ignored, unknown members and nested values skipped.
 */
final class StatsReportReader {
  private StatsReportReader() {}

  /** The parser is on the report's START_ARRAY or START_OBJECT; returns with it on the matching end token. */
  static StatsReport read(JsonParser p) throws IOException {
    List<RtcStats> stats = new ArrayList<>();
    if (p.currentToken() == JsonToken.START_ARRAY) {
      for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
        item(p, t, stats);
      }
    } else {
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        item(p, p.nextToken(), stats);
      }
    }
    return new StatsReport(stats);
  }

  private static void item(JsonParser p, JsonToken t, List<RtcStats> out) throws IOException {
    if (t == JsonToken.START_OBJECT) {
      out.add(stats(p));
    } else {
      p.skipChildren(); // a scalar or an array where a stats object belongs: not stats
    }
  }

  private static RtcStats stats(JsonParser p) throws IOException {
    RtcStats s = new RtcStats();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      StatField f = StatField.byName(p.currentName());
      JsonToken v = p.nextToken();
      if (f == null) {
        p.skipChildren();
        continue;
      }
      switch (v) {
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> s.set(f, p.getDoubleValue());
        case VALUE_STRING -> s.set(f, p.getText());
        case VALUE_TRUE -> s.set(f, Boolean.TRUE);
        case VALUE_FALSE -> s.set(f, Boolean.FALSE);
        default -> {
          p.skipChildren();
          s.set(f, null);
        }
      }
    }
    return s;
  }
}

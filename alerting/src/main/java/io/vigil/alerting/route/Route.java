package io.vigil.alerting.route;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One node of the routing tree, with the settings it inherited from its parents already applied. */
public record Route(String id, String receiver, List<LabelMatcher> matchers, List<String> groupBy, boolean groupByAll,
                    Duration groupWait, Duration groupInterval, Duration repeatInterval, boolean continueMatching,
                    boolean resolveImmediately, List<String> muteTimeIntervals, List<Route> children) {

  /** The labels this route groups on, taken from the alert. */
  public Map<String, String> groupLabels(Map<String, String> labels) {
    if (groupByAll) {
      return new TreeMap<>(labels);
    }
    Map<String, String> out = new TreeMap<>();
    for (String l : groupBy) {
      String v = labels.get(l);
      if (v != null) {
        out.put(l, v);
      }
    }
    return out;
  }

  /** Aggregation group key: route id plus group labels, stable across instances and restarts. */
  public String groupKey(Map<String, String> labels) {
    StringBuilder sb = new StringBuilder(id).append(":{");
    boolean first = true;
    for (var e : groupLabels(labels).entrySet()) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      sb.append(e.getKey()).append("=\"").append(e.getValue().replace("\"", "\\\"")).append('"');
    }
    return sb.append('}').toString();
  }
}

package io.vigil.queryapi.summary;

import java.util.Locale;
import java.util.Map;

/** Renders the summary as Prometheus text exposition (gauges named vigil_summary_*). */
public final class PrometheusText {
  private PrometheusText() {}

  public static String render(Map<String, Object> summary, boolean healthy) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Object> e : summary.entrySet()) {
      if (e.getValue() instanceof Number n) {
        String name = "vigil_summary_" + e.getKey().replaceAll("[^a-zA-Z0-9_]", "_");
        sb.append("# HELP ").append(name).append(" Vigil summary figure ").append(e.getKey()).append('\n');
        sb.append("# TYPE ").append(name).append(" gauge\n");
        sb.append(name).append(' ').append(String.format(Locale.ROOT, "%s", n.doubleValue())).append('\n');
      }
    }
    sb.append("# HELP vigil_summary_healthy 1 when the health verdict is healthy\n");
    sb.append("# TYPE vigil_summary_healthy gauge\n");
    sb.append("vigil_summary_healthy ").append(healthy ? 1 : 0).append('\n');
    return sb.toString();
  }
}

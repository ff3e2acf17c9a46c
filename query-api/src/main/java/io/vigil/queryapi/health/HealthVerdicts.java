package io.vigil.queryapi.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Pure rules that turn latest health rows into per-instance and overall verdicts. */
public final class HealthVerdicts {
  /** A consumer heartbeat older than this is stale (matches the stale-consumer alert rule). */
  public static final double HEARTBEAT_TIMEOUT_S = 60;

  private HealthVerdicts() {}

  /** healthy, degraded or unhealthy for one instance. */
  public static String instance(Map<String, Object> row) {
    String status = String.valueOf(row.get("status"));
    Number exit = (Number) row.get("exit_code");
    if (status.equals("failed") || (status.equals("exited") && exit != null && exit.intValue() != 0)) {
      return "unhealthy";
    }
    if (status.equals("stalled") || status.equals("unknown") || isStaleHeartbeat(row)) {
      return "degraded";
    }
    Number speed = (Number) row.get("speed");
    if ("ffmpeg".equals(row.get("component")) && speed != null && speed.doubleValue() < 0.95
        && status.equals("running")) {
      return "degraded";
    }
    return "healthy";
  }

  public static boolean isStaleHeartbeat(Map<String, Object> row) {
    Object labels = row.get("labels");
    boolean heartbeat = labels != null && labels.toString().contains("consumer_heartbeat");
    Number age = (Number) row.get("age_s");
    return heartbeat && age != null && age.doubleValue() > HEARTBEAT_TIMEOUT_S;
  }

  /** Worst verdict wins. */
  public static String overall(List<String> verdicts) {
    if (verdicts.contains("unhealthy")) {
      return "unhealthy";
    }
    return verdicts.contains("degraded") ? "degraded" : "healthy";
  }

  /** Annotates each row with its verdict and returns the rows plus a count per component and verdict. */
  public static Map<String, Map<String, Integer>> annotate(List<Map<String, Object>> rows) {
    Map<String, Map<String, Integer>> counts = new TreeMap<>();
    List<String> all = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      String v = instance(row);
      row.put("verdict", v);
      all.add(v);
      counts.computeIfAbsent(String.valueOf(row.get("component")), k -> new TreeMap<>()).merge(v, 1, Integer::sum);
    }
    return counts;
  }
}

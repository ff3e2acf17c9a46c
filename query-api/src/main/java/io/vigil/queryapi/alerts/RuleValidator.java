package io.vigil.queryapi.alerts;

import io.vigil.queryapi.problem.ApiException;
import io.vigil.schemas.avro.Aggregation;
import io.vigil.schemas.avro.RuleSource;
import io.vigil.schemas.rules.RuleShape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks an alert rule body against the AlertRule schema and the metrics each source really has; every failure names
 * the offending field. Returns the normalized rule (AlertRule field names, defaults applied).
 */
public final class RuleValidator {
  static final Map<String, Set<String>> METRICS = Map.of(
      "quality", Set.of("loss_pct", "jitter_ms", "rtt_ms", "bitrate_kbps", "audio_level", "concealment_pct",
          "jitter_buffer_ms", "frames_per_second", "frame_width", "frame_height", "frames_dropped", "freeze_count",
          "nack_count", "pli_count", "packets_lost", "packets_received", "mos"),
      "quality_window", Set.of("loss_pct", "jitter_ms", "rtt_ms", "bitrate_kbps", "concealment_pct",
          "jitter_buffer_ms", "frames_per_second", "mos", "mos_avg", "mos_min", "count", "packets_lost"),
      "health", Set.of("cpu_pct", "rss_mb", "threads", "uptime_s", "fps", "speed", "bitrate_kbps", "out_time_ms",
          "frames", "drop_frames", "dup_frames", "restarts", "producers", "consumers", "disk_used_mb", "disk_free_mb",
          "disk_free_pct", "recording_segments", "oldest_segment_age_s", "exit_code", "status", "heartbeat"),
      "health_window", Set.of("cpu_pct", "rss_mb", "fps", "speed", "bitrate_kbps", "disk_free_mb", "drop_frames",
          "restarts", "count"),
      "lifecycle", Set.of("state", "count", "consumers"));
  private static final Pattern METRIC_NAME = Pattern.compile("^[a-zA-Z_:][a-zA-Z0-9_:]*$");
  private static final Pattern RULE_ID = Pattern.compile("^[A-Za-z0-9._-]{1,120}$");
  private static final Set<String> SOURCES =
      Set.of("quality", "quality_window", "health", "health_window", "metrics", "lifecycle");
  private static final Set<String> AGGREGATIONS = Set.of("avg", "min", "max", "p95", "count", "rate", "last");
  private static final Set<String> OPS = Set.of("gt", "gte", "lt", "lte", "eq", "ne");
  private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");
  private static final Set<String> MATCH_OPS = Set.of("eq", "ne", "re", "nre");

  private RuleValidator() {}

  public static Map<String, Object> validate(String ruleId, Map<String, Object> body) {
    if (body == null) {
      throw ApiException.badParam("body", "a JSON rule body is required");
    }
    if (ruleId == null || !RULE_ID.matcher(ruleId).matches()) {
      throw ApiException.badParam("rule_id", "rule_id must be 1-120 characters of letters, digits and ._-");
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("rule_id", ruleId);
    r.put("name", requiredText(body, "name"));
    r.put("enabled", body.get("enabled") == null ? Boolean.TRUE : bool(body, "enabled"));
    String source = oneOf(body, "source", SOURCES, null);
    r.put("source", source);
    String metric = requiredText(body, "metric");
    boolean known = source.equals("metrics") ? METRIC_NAME.matcher(metric).matches()
        : METRICS.get(source).contains(metric);
    if (!known) {
      throw ApiException.badParam("metric", "unknown metric '" + metric + "' for source " + source);
    }
    r.put("metric", metric);
    String aggregation = oneOf(body, "aggregation", AGGREGATIONS, "last");
    String aggregationProblem = RuleShape.aggregationProblem(RuleSource.valueOf(source),
        Aggregation.valueOf(aggregation));
    if (aggregationProblem != null) {
      throw ApiException.badParam("aggregation", aggregationProblem);
    }
    r.put("aggregation", aggregation);
    Object window = body.get("window");
    String windowProblem = window == null ? null : RuleShape.windowProblem(RuleSource.valueOf(source), window.toString());
    if (windowProblem != null) {
      throw ApiException.badParam("window", windowProblem);
    }
    r.put("window", window);
    r.put("op", oneOf(body, "op", OPS, null));
    r.put("threshold", number(body, "threshold", true));
    r.put("for_s", seconds(body, "for_s", 0L));
    r.put("keep_firing_for_s", seconds(body, "keep_firing_for_s", 0L));
    r.put("absent_for_s", seconds(body, "absent_for_s", null));
    r.put("matchers", matchers(body.get("matchers")));
    Object group = body.get("group");
    r.put("group", group == null ? null : group.toString());
    r.put("severity", oneOf(body, "severity", SEVERITIES, "warning"));
    r.put("labels", stringMap(body, "labels"));
    r.put("annotations", stringMap(body, "annotations"));
    return r;
  }

  /** Validates Prometheus-style matchers: label, op (eq|ne|re|nre), value; regexes must compile. */
  public static List<Map<String, String>> matchers(Object raw) {
    List<Map<String, String>> out = new ArrayList<>();
    if (raw == null) {
      return out;
    }
    if (!(raw instanceof List<?> list)) {
      throw ApiException.badParam("matchers", "matchers must be a list of {label, op, value}");
    }
    for (int i = 0; i < list.size(); i++) {
      String field = "matchers[" + i + "]";
      if (!(list.get(i) instanceof Map<?, ?> m) || m.get("label") == null || m.get("value") == null) {
        throw ApiException.badParam(field, field + " needs label and value");
      }
      String op = m.get("op") == null ? "eq" : m.get("op").toString();
      if (!MATCH_OPS.contains(op)) {
        throw ApiException.badParam(field + ".op", "op must be eq, ne, re or nre");
      }
      String value = m.get("value").toString();
      if (op.equals("re") || op.equals("nre")) {
        try {
          Pattern.compile(value);
        } catch (PatternSyntaxException e) {
          throw ApiException.badParam(field + ".value", "invalid regular expression: " + e.getDescription());
        }
      }
      Map<String, String> mm = new LinkedHashMap<>();
      mm.put("label", m.get("label").toString());
      mm.put("op", op);
      mm.put("value", value);
      out.add(mm);
    }
    return out;
  }

  private static String requiredText(Map<String, Object> b, String field) {
    Object v = b.get(field);
    if (v == null || v.toString().isBlank()) {
      throw ApiException.badParam(field, field + " is required");
    }
    if (v.toString().length() > 500) {
      throw ApiException.badParam(field, field + " is longer than 500 characters");
    }
    return v.toString();
  }

  private static String oneOf(Map<String, Object> b, String field, Set<String> allowed, String dflt) {
    Object v = b.get(field);
    if (v == null) {
      if (dflt == null) {
        throw ApiException.badParam(field, field + " is required; one of " + new java.util.TreeSet<>(allowed));
      }
      return dflt;
    }
    if (!allowed.contains(v.toString())) {
      throw ApiException.badParam(field, field + " must be one of " + new java.util.TreeSet<>(allowed));
    }
    return v.toString();
  }

  private static Boolean bool(Map<String, Object> b, String field) {
    if (b.get(field) instanceof Boolean x) {
      return x;
    }
    throw ApiException.badParam(field, field + " must be true or false");
  }

  private static Double number(Map<String, Object> b, String field, boolean required) {
    Object v = b.get(field);
    if (v == null) {
      if (required) {
        throw ApiException.badParam(field, field + " is required");
      }
      return null;
    }
    if (!(v instanceof Number n) || Double.isNaN(n.doubleValue()) || Double.isInfinite(n.doubleValue())) {
      throw ApiException.badParam(field, field + " must be a finite number");
    }
    return n.doubleValue();
  }

  private static Long seconds(Map<String, Object> b, String field, Long dflt) {
    Object v = b.get(field);
    if (v == null) {
      return dflt;
    }
    if (!(v instanceof Number n) || n.doubleValue() != Math.floor(n.doubleValue())) {
      throw ApiException.badParam(field, field + " must be a whole number of seconds");
    }
    if (n.longValue() < 0) {
      throw ApiException.badParam(field, field + " must not be negative");
    }
    return n.longValue();
  }

  private static Map<String, String> stringMap(Map<String, Object> b, String field) {
    Object v = b.get(field);
    Map<String, String> out = new LinkedHashMap<>();
    if (v == null) {
      return out;
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw ApiException.badParam(field, field + " must be an object of strings");
    }
    m.forEach((k, val) -> out.put(String.valueOf(k), String.valueOf(val)));
    return out;
  }
}

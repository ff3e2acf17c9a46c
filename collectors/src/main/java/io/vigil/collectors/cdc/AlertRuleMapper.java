package io.vigil.collectors.cdc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.schemas.avro.Aggregation;
import io.vigil.schemas.avro.AlertRule;
import io.vigil.schemas.avro.CompareOp;
import io.vigil.schemas.avro.MatchOp;
import io.vigil.schemas.avro.Matcher;
import io.vigil.schemas.avro.RuleSource;
import io.vigil.schemas.avro.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns a row of Vigil's {@code alert_rules} table (V1__core_tables.sql) into an AlertRule; pure. */
public final class AlertRuleMapper {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The rule id of a change (from the row or, for a delete without before-image, the primary key). */
  public String ruleId(RowChange change) {
    return change.column("rule_id").map(Object::toString)
        .orElseThrow(() -> new BadChangeException(change.table() + ": change without rule_id"));
  }

  /** The rule of an insert, update or snapshot row; deletes have no value (the caller writes a tombstone). */
  public AlertRule map(RowChange change) {
    if (change.op() == RowChange.Op.DELETE) {
      throw new IllegalArgumentException("a deleted rule has no value; publish a tombstone");
    }
    Map<String, Object> r = change.after();
    AlertRule.Builder b = AlertRule.newBuilder()
        .setRuleId(ruleId(change))
        .setTenant(text(r, "tenant", "default"))
        .setName(required(r, "name"))
        .setEnabled(orDefault(ColumnValues.bool("enabled", r.get("enabled")), true))
        .setSource(enumValue(RuleSource.class, "source", required(r, "source")))
        .setMetric(required(r, "metric"))
        .setAggregation(enumValue(Aggregation.class, "aggregation", text(r, "aggregation", "last")))
        .setWindow(text(r, "window", null))
        .setOp(enumValue(CompareOp.class, "op", required(r, "op")))
        .setThreshold(orDefault(ColumnValues.doubleValue("threshold", r.get("threshold")), null, "threshold"))
        .setForS(orDefault(ColumnValues.longValue("for_s", r.get("for_s")), 0L))
        .setKeepFiringForS(orDefault(ColumnValues.longValue("keep_firing_for_s", r.get("keep_firing_for_s")), 0L))
        .setAbsentForS(ColumnValues.longValue("absent_for_s", r.get("absent_for_s")))
        .setMatchers(matchers(text(r, "matchers", "[]")))
        .setGroup(text(r, "group_name", null))
        .setSeverity(enumValue(Severity.class, "severity", text(r, "severity", "warning")))
        .setLabels(stringMap("labels", text(r, "labels", "{}")))
        .setAnnotations(stringMap("annotations", text(r, "annotations", "{}")))
        .setVersion(orDefault(ColumnValues.longValue("version", r.get("version")), 1L));
    return b.build();
  }

  static List<Matcher> matchers(String json) {
    JsonNode node = parse("matchers", json);
    if (!node.isArray()) {
      throw new BadChangeException("matchers must be a JSON array, got " + json);
    }
    List<Matcher> out = new ArrayList<>();
    for (JsonNode m : node) {
      String label = m.path("label").asText(m.path("name").asText(null));
      String value = m.path("value").asText(null);
      if (label == null || value == null) {
        throw new BadChangeException("matcher needs label and value: " + m);
      }
      out.add(new Matcher(label, matchOp(m.path("op").asText("eq")), value));
    }
    return out;
  }

  static MatchOp matchOp(String op) {
    return switch (op) {
      case "=", "eq" -> MatchOp.eq;
      case "!=", "ne" -> MatchOp.ne;
      case "=~", "re" -> MatchOp.re;
      case "!~", "nre" -> MatchOp.nre;
      default -> throw new BadChangeException("unknown matcher op " + op);
    };
  }

  static Map<String, String> stringMap(String column, String json) {
    JsonNode node = parse(column, json);
    if (!node.isObject()) {
      throw new BadChangeException(column + " must be a JSON object, got " + json);
    }
    Map<String, String> out = new HashMap<>();
    node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
    return out;
  }

  private static JsonNode parse(String column, String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new BadChangeException(column + " is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String column, String value) {
    try {
      return Enum.valueOf(type, value.trim().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadChangeException("column " + column + " has unknown value '" + value + "'");
    }
  }

  private static String required(Map<String, Object> r, String column) {
    Object v = r.get(column);
    if (v == null) {
      throw new BadChangeException("alert rule without " + column);
    }
    return v.toString();
  }

  private static String text(Map<String, Object> r, String column, String dflt) {
    Object v = r.get(column);
    return v == null ? dflt : v.toString();
  }

  private static <T> T orDefault(T v, T dflt) {
    return v == null ? dflt : v;
  }

  private static <T> T orDefault(T v, T dflt, String column) {
    if (v == null && dflt == null) {
      throw new BadChangeException("alert rule without " + column);
    }
    return v == null ? dflt : v;
  }
}

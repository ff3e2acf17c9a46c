package io.vigil.streams.rulefiles;

import io.vigil.schemas.avro.Aggregation;
import io.vigil.schemas.avro.AlertRule;
import io.vigil.schemas.avro.CompareOp;
import io.vigil.schemas.avro.HealthSample;
import io.vigil.schemas.avro.MatchOp;
import io.vigil.schemas.avro.Matcher;
import io.vigil.schemas.avro.QualitySample;
import io.vigil.schemas.avro.RuleSource;
import io.vigil.schemas.avro.Severity;
import io.vigil.schemas.rules.RuleShape;
import io.vigil.streams.rules.Templates;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Parses and checks a Prometheus-like rule file (groups -> rules, with Vigil's source/metric/aggregation/op/threshold
 * fields) into {@link AlertRule}s. Every problem is reported as {@code file:line:column: message}; a file with errors
 * yields no rules, so a half-valid pack is never loaded.
 */
public final class RuleFileParser {
  static {
    io.vigil.schemas.wire.AvroTrust.install(); // generated records are built before any serde would install it
  }

  private static final Set<String> FILE_KEYS = Set.of("groups");
  private static final Set<String> GROUP_KEYS = Set.of("name", "rules", "labels");
  private static final Set<String> RULE_KEYS = Set.of("alert", "id", "source", "metric", "aggregation", "window", "op",
      "threshold", "for", "keep_firing_for", "absent_for", "matchers", "severity", "labels", "annotations", "enabled",
      "version", "tenant");
  private static final Pattern MATCHER = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_.]*)\\s*(=~|!~|!=|=)\\s*\"(.*)\"\\s*");
  private static final Set<String> HEALTH_DERIVED = Set.of("stalled", "exited_nonzero", "disk_free_pct", "up");

  /** Parsed rules, or the errors that prevent loading them. */
  public record RuleFile(List<AlertRule> rules, List<String> errors) {
    public boolean ok() {
      return errors.isEmpty();
    }
  }

  private RuleFileParser() {}

  /** The default rule pack shipped on the classpath. Fails loudly if it is broken: it is ours, tests guard it. */
  public static List<AlertRule> defaultPack() {
    RuleFile f = parse("classpath:" + DEFAULT_PACK, resource(DEFAULT_PACK));
    if (!f.ok()) {
      throw new IllegalStateException("default rule pack is invalid:\n" + String.join("\n", f.errors()));
    }
    return f.rules();
  }

  public static final String DEFAULT_PACK = "rules/default-rules.yml";

  static String resource(String path) {
    try (InputStream in = RuleFileParser.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static RuleFile parse(String file, String text) {
    List<String> errors = new ArrayList<>();
    Node root;
    try {
      root = new Yaml(new LoaderOptions()).compose(new java.io.StringReader(text));
    } catch (MarkedYAMLException e) {
      var mark = e.getProblemMark();
      errors.add(file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1) + ": YAML syntax: " + e.getProblem());
      return new RuleFile(List.of(), errors);
    }
    if (root == null) {
      errors.add(file + ":1:1: empty rule file (expected 'groups:')");
      return new RuleFile(List.of(), errors);
    }
    YamlNodes y = new YamlNodes(file, errors);
    List<AlertRule> rules = new ArrayList<>();
    YamlNodes.YamlMap top = y.mapping(root, "rule file");
    if (top == null) {
      return new RuleFile(List.of(), errors);
    }
    y.allowOnly(top, "rule file", FILE_KEYS);
    if (top.get("groups") == null) {
      y.error(root, "missing 'groups'");
    } else {
      Set<String> ids = new HashSet<>();
      for (Node g : y.sequence(top.get("groups"), "groups")) {
        parseGroup(y, g, rules, ids);
      }
    }
    return new RuleFile(errors.isEmpty() ? rules : List.of(), errors);
  }

  private static void parseGroup(YamlNodes y, Node g, List<AlertRule> rules, Set<String> ids) {
    YamlNodes.YamlMap group = y.mapping(g, "group");
    if (group == null) {
      return;
    }
    y.allowOnly(group, "group", GROUP_KEYS);
    String name = group.get("name") == null ? null : y.scalar(group.get("name"), "group name");
    if (name == null) {
      y.error(g, "group needs a 'name'");
    }
    Map<String, String> groupLabels = group.get("labels") == null ? Map.of() : y.stringMap(group.get("labels"), "labels");
    if (group.get("rules") == null) {
      y.error(g, "group needs 'rules'");
      return;
    }
    for (Node r : y.sequence(group.get("rules"), "rules")) {
      AlertRule rule = parseRule(y, r, name, groupLabels);
      if (rule != null) {
        if (!ids.add(rule.getRuleId())) {
          y.error(r, "duplicate rule id '" + rule.getRuleId() + "' (set a distinct 'id')");
        }
        rules.add(rule);
      }
    }
  }

  private static AlertRule parseRule(YamlNodes y, Node r, String groupName, Map<String, String> groupLabels) {
    YamlNodes.YamlMap m = y.mapping(r, "rule");
    if (m == null) {
      return null;
    }
    y.allowOnly(m, "rule", RULE_KEYS);
    int before = errorCount(y);
    AlertRule.Builder b = AlertRule.newBuilder().setGroup(groupName);
    String alert = required(y, m, r, "alert");
    b.setName(alert == null ? "?" : alert);
    String id = m.get("id") == null ? null : y.scalar(m.get("id"), "id");
    b.setRuleId(id != null ? id : alert == null ? "?" : slug(alert));
    RuleSource source = enumValue(y, m, r, "source", RuleSource.class, null);
    b.setSource(source == null ? RuleSource.quality : source);
    String metric = required(y, m, r, "metric");
    b.setMetric(metric == null ? "?" : metric);
    if (source != null && metric != null) {
      checkMetric(y, m.get("metric"), source, metric);
    }
    Aggregation agg = enumValue(y, m, r, "aggregation", Aggregation.class, Aggregation.last);
    b.setAggregation(agg == null ? Aggregation.last : agg);
    String aggProblem = source == null || agg == null ? null : RuleShape.aggregationProblem(source, agg);
    if (aggProblem != null) {
      y.error(m.get("aggregation"), aggProblem);
    }
    if (m.get("window") != null) {
      String w = y.scalar(m.get("window"), "window");
      String windowProblem = source == null || w == null ? null : RuleShape.windowProblem(source, w);
      if (windowProblem != null) {
        y.error(m.get("window"), windowProblem);
      }
      b.setWindow(w);
    }
    Long absent = m.get("absent_for") == null ? null : y.duration(m.get("absent_for"), "absent_for");
    b.setAbsentForS(absent);
    // absent rules compare nothing: op and threshold are optional for them
    CompareOp op = enumValue(y, m, r, "op", CompareOp.class, m.get("absent_for") != null ? CompareOp.gt : null);
    b.setOp(op == null ? CompareOp.gt : op);
    Double threshold = m.get("threshold") == null ? null : y.number(m.get("threshold"), "threshold");
    if (threshold == null && m.get("threshold") == null && absent == null) {
      y.error(r, "rule '" + alert + "' needs 'threshold' (or 'absent_for')");
    }
    b.setThreshold(threshold == null ? 0 : threshold);
    Long forS = m.get("for") == null ? Long.valueOf(0) : y.duration(m.get("for"), "for");
    b.setForS(forS == null ? 0 : forS);
    Long keep = m.get("keep_firing_for") == null ? Long.valueOf(0) : y.duration(m.get("keep_firing_for"), "keep_firing_for");
    b.setKeepFiringForS(keep == null ? 0 : keep);
    b.setMatchers(matchers(y, m.get("matchers")));
    Severity sev = enumValue(y, m, r, "severity", Severity.class, Severity.warning);
    b.setSeverity(sev == null ? Severity.warning : sev);
    Map<String, String> labels = new HashMap<>(groupLabels);
    if (m.get("labels") != null) {
      labels.putAll(y.stringMap(m.get("labels"), "labels"));
    }
    b.setLabels(labels);
    Map<String, String> annotations = m.get("annotations") == null ? Map.of() : y.stringMap(m.get("annotations"), "annotations");
    annotations.forEach((k, v) -> {
      String bad = Templates.firstUnsupported(v);
      if (bad != null) {
        y.error(m.get("annotations"), "annotation '" + k + "' uses unsupported template " + bad
            + " (supported: {{ $labels.NAME }}, {{ $value }}, {{ $threshold }})");
      }
    });
    b.setAnnotations(new HashMap<>(annotations));
    if (m.get("enabled") != null) {
      b.setEnabled(Boolean.parseBoolean(y.scalar(m.get("enabled"), "enabled")));
    }
    if (m.get("version") != null) {
      Double v = y.number(m.get("version"), "version");
      b.setVersion(v == null ? 1 : v.longValue());
    }
    if (m.get("tenant") != null) {
      b.setTenant(y.scalar(m.get("tenant"), "tenant"));
    }
    return errorCount(y) == before ? b.build() : null;
  }

  private static List<Matcher> matchers(YamlNodes y, Node node) {
    List<Matcher> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    for (Node n : y.sequence(node, "matchers")) {
      String text = y.scalar(n, "matcher");
      if (text == null) {
        continue;
      }
      var mm = MATCHER.matcher(text);
      if (!mm.matches()) {
        y.error(n, "matcher must look like label=\"value\", label!=\"value\", label=~\"regex\" or label!~\"regex\", got '" + text + "'");
        continue;
      }
      MatchOp op = switch (mm.group(2)) {
        case "=" -> MatchOp.eq;
        case "!=" -> MatchOp.ne;
        case "=~" -> MatchOp.re;
        default -> MatchOp.nre;
      };
      if (op == MatchOp.re || op == MatchOp.nre) {
        try {
          Pattern.compile(mm.group(3));
        } catch (PatternSyntaxException e) {
          y.error(n, "invalid regex in matcher: " + e.getDescription());
          continue;
        }
      }
      out.add(new Matcher(mm.group(1), op, mm.group(3)));
    }
    return out;
  }

  private static void checkMetric(YamlNodes y, Node at, RuleSource source, String metric) {
    boolean known = switch (source) {
      case quality, quality_window -> QualitySample.getClassSchema().getField(metric) != null || metric.equals("count");
      case health, health_window -> HealthSample.getClassSchema().getField(metric) != null
          || HEALTH_DERIVED.contains(metric) || metric.startsWith("extra.") || metric.equals("count");
      case lifecycle -> metric.startsWith("state_");
      case metrics -> true;
    };
    if (!known) {
      y.error(at, "unknown metric '" + metric + "' for source " + source
          + (source == RuleSource.lifecycle ? " (use state_<state>, e.g. state_error)" : ""));
    }
  }

  private static String required(YamlNodes y, YamlNodes.YamlMap m, Node at, String key) {
    if (m.get(key) == null) {
      y.error(at, "rule needs '" + key + "'");
      return null;
    }
    return y.scalar(m.get(key), key);
  }

  private static <E extends Enum<E>> E enumValue(YamlNodes y, YamlNodes.YamlMap m, Node at, String key, Class<E> type, E dflt) {
    Node n = m.get(key);
    if (n == null) {
      if (dflt == null) {
        y.error(at, "rule needs '" + key + "'");
      }
      return dflt;
    }
    String s = y.scalar(n, key);
    if (s == null) {
      return null;
    }
    try {
      return Enum.valueOf(type, s);
    } catch (IllegalArgumentException e) {
      List<String> allowed = new ArrayList<>();
      for (E c : type.getEnumConstants()) {
        allowed.add(c.name());
      }
      y.error(n, key + " must be one of " + allowed + ", got '" + s + "'");
      return null;
    }
  }

  private static int errorCount(YamlNodes y) {
    return y.errorCount();
  }

  static String slug(String alert) {
    return alert.replaceAll("([a-z0-9])([A-Z])", "$1-$2").replaceAll("[^A-Za-z0-9]+", "-").toLowerCase();
  }
}

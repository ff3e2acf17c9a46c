package io.vigil.streams.rulefiles;

import io.vigil.schemas.avro.AlertEvent;
import io.vigil.schemas.avro.AlertRule;
import io.vigil.schemas.avro.MetricKind;
import io.vigil.streams.rules.AlertEngine;
import io.vigil.streams.rules.AlertState;
import io.vigil.streams.rules.AlertStore;
import io.vigil.streams.rules.Observation;
import io.vigil.streams.rules.Observations;
import io.vigil.streams.rules.RuleSet;
import io.vigil.streams.window.MetricWindows;
import io.vigil.streams.window.WindowAggregate;
import io.vigil.streams.window.WindowSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Unit tests for rule files in the spirit of {@code promtool test rules}: input series at a fixed interval, expected
 * firing alerts (labels, annotations) at given evaluation times. Runs the same {@link AlertEngine} as the topology,
 * with event time as the clock. Returns one line per failure, each naming the file and line of the expectation.
 */
public final class RuleTestRunner {
  private static final Set<String> FILE_KEYS = Set.of("rule_files", "tests");
  private static final Set<String> TEST_KEYS = Set.of("name", "interval", "input_series", "alert_rule_test");
  private static final Set<String> SERIES_KEYS = Set.of("source", "labels", "values");
  private static final Set<String> CASE_KEYS = Set.of("eval_time", "alertname", "exp_alerts");
  private static final Set<String> EXP_KEYS = Set.of("exp_labels", "exp_annotations");

  /** Outcome: how many expectations ran and what failed (file:line: message). */
  public record Result(int cases, List<String> failures) {
    public boolean ok() {
      return failures.isEmpty();
    }
  }

  private record Series(String source, Map<String, String> labels, Map<String, List<Double>> values) {}

  private RuleTestRunner() {}

  public static Result run(Path testFile) throws IOException {
    return run(testFile.toString(), Files.readString(testFile), testFile.toAbsolutePath().getParent());
  }

  public static Result run(String file, String text, Path baseDir) throws IOException {
    List<String> errors = new ArrayList<>();
    Node root;
    try {
      root = new Yaml(new LoaderOptions()).compose(new java.io.StringReader(text));
    } catch (MarkedYAMLException e) {
      return new Result(0, List.of(file + ":" + (e.getProblemMark().getLine() + 1) + ": YAML syntax: " + e.getProblem()));
    }
    YamlNodes y = new YamlNodes(file, errors);
    YamlNodes.YamlMap top = root == null ? null : y.mapping(root, "test file");
    if (top == null) {
      return new Result(0, errors.isEmpty() ? List.of(file + ": empty test file") : errors);
    }
    y.allowOnly(top, "test file", FILE_KEYS);
    List<AlertRule> rules = new ArrayList<>();
    if (top.get("rule_files") != null) {
      for (Node n : y.sequence(top.get("rule_files"), "rule_files")) {
        String name = y.scalar(n, "rule file");
        if (name == null) {
          continue;
        }
        String source = name.startsWith("classpath:") ? RuleFileParser.resource(name.substring(10))
            : Files.readString(baseDir.resolve(name));
        var parsed = RuleFileParser.parse(name, source);
        errors.addAll(parsed.errors());
        rules.addAll(parsed.rules());
      }
    }
    int cases = 0;
    if (top.get("tests") != null && errors.isEmpty()) {
      for (Node t : y.sequence(top.get("tests"), "tests")) {
        cases += runTest(y, t, rules, errors);
      }
    }
    return new Result(cases, errors);
  }

  private static int runTest(YamlNodes y, Node node, List<AlertRule> rules, List<String> errors) {
    YamlNodes.YamlMap test = y.mapping(node, "test");
    if (test == null) {
      return 0;
    }
    y.allowOnly(test, "test", TEST_KEYS);
    String name = test.get("name") == null ? "(unnamed)" : y.scalar(test.get("name"), "name");
    Long interval = test.get("interval") == null ? Long.valueOf(10) : y.duration(test.get("interval"), "interval");
    List<Series> series = new ArrayList<>();
    if (test.get("input_series") != null) {
      for (Node s : y.sequence(test.get("input_series"), "input_series")) {
        Series parsed = series(y, s);
        if (parsed != null) {
          series.add(parsed);
        }
      }
    }
    int cases = 0;
    if (test.get("alert_rule_test") == null || interval == null) {
      return 0;
    }
    for (Node c : y.sequence(test.get("alert_rule_test"), "alert_rule_test")) {
      YamlNodes.YamlMap tc = y.mapping(c, "alert_rule_test entry");
      if (tc == null) {
        continue;
      }
      y.allowOnly(tc, "alert_rule_test entry", CASE_KEYS);
      Long evalTime = tc.get("eval_time") == null ? null : y.duration(tc.get("eval_time"), "eval_time");
      String alertname = tc.get("alertname") == null ? null : y.scalar(tc.get("alertname"), "alertname");
      if (evalTime == null || alertname == null) {
        y.error(c, "alert_rule_test entries need eval_time and alertname");
        continue;
      }
      cases++;
      List<AlertState> firing = simulate(rules, series, interval * 1000, evalTime * 1000).stream()
          .filter(s -> s.phase == AlertState.Phase.FIRING && alertname.equals(s.labels.get("alertname"))).toList();
      List<Node> expected = tc.get("exp_alerts") == null ? List.of() : y.sequence(tc.get("exp_alerts"), "exp_alerts");
      List<AlertState> unmatched = new ArrayList<>(firing);
      for (Node e : expected) {
        YamlNodes.YamlMap exp = y.mapping(e, "expected alert");
        if (exp == null) {
          continue;
        }
        y.allowOnly(exp, "expected alert", EXP_KEYS);
        Map<String, String> labels = exp.get("exp_labels") == null ? Map.of() : y.stringMap(exp.get("exp_labels"), "exp_labels");
        Map<String, String> annotations = exp.get("exp_annotations") == null ? Map.of()
            : y.stringMap(exp.get("exp_annotations"), "exp_annotations");
        AlertState match = unmatched.stream()
            .filter(s -> s.labels.entrySet().containsAll(labels.entrySet()))
            .filter(s -> annotationsOf(rules, s).entrySet().containsAll(annotations.entrySet()))
            .findFirst().orElse(null);
        if (match == null) {
          y.error(e, "test '" + name + "' at " + evalTime + "s: expected " + alertname + " firing with labels " + labels
              + (annotations.isEmpty() ? "" : " and annotations " + annotations) + "; firing: " + describe(rules, firing));
        } else {
          unmatched.remove(match);
        }
      }
      if (!unmatched.isEmpty()) {
        y.error(c, "test '" + name + "' at " + evalTime + "s: unexpected " + alertname + " firing: " + describe(rules, unmatched));
      }
    }
    return cases;
  }

  /**
   * Feeds every series step by step up to {@code evalMs}, ticking the engine after each step like punctuation.
   * {@code metrics} series also fill 1-minute metric windows like the topology does; a window is evaluated by
   * aggregate metrics rules at the first step at or after its end (the input is in order: no grace needed).
   */
  static List<AlertState> simulate(List<AlertRule> rules, List<Series> series, long intervalMs, long evalMs) {
    AlertStore store = AlertStore.inMemory();
    AlertEngine engine = new AlertEngine(store, RuleSet.of(rules), 300_000, 0);
    List<AlertEvent> ignored = new ArrayList<>();
    Map<String, WindowAggregate> windows = new TreeMap<>();
    for (long t = 0; t <= evalMs; t += intervalMs) {
      int step = (int) (t / intervalMs);
      for (var it = windows.entrySet().iterator(); it.hasNext(); ) {
        WindowAggregate w = it.next().getValue();
        if (w.end() <= t) {
          engine.observe(Observations.metricWindow(w), t, ignored::add);
          it.remove();
        }
      }
      for (int i = 0; i < series.size(); i++) {
        Series s = series.get(i);
        if (s.source().equals("metrics")) {
          addToWindows(windows, i, s, step, t);
        }
      }
      for (Series s : series) {
        Map<String, Double> values = new HashMap<>();
        s.values().forEach((metric, list) -> {
          if (step < list.size() && list.get(step) != null) {
            values.put(metric, list.get(step));
          }
        });
        if (values.isEmpty()) {
          continue; // no sample at this step: the series is silent
        }
        Map<String, String> labels = new HashMap<>(s.labels());
        engine.observe(new Observation(s.source(), new TreeMap<>(s.labels()), labels, values::get, t, true), t,
            ignored::add);
      }
      engine.tick(t, st -> true, ignored::add);
    }
    return store.all().stream().map(Map.Entry::getValue).toList();
  }

  private static final Set<String> METRIC_IDENTITY = Set.of("name", "source", "kind", "node_id", "tenant");

  /** A metrics series' sample at this step goes into its 1-minute window; kind from the "kind" label (default gauge). */
  private static void addToWindows(Map<String, WindowAggregate> windows, int index, Series s, int step, long t) {
    Map<String, String> l = s.labels();
    MetricKind kind = MetricKind.valueOf(l.getOrDefault("kind", MetricKind.gauge.name()));
    Map<String, String> sampleLabels = new TreeMap<>(l);
    sampleLabels.keySet().removeAll(METRIC_IDENTITY);
    s.values().forEach((metric, list) -> {
      if (step >= list.size() || list.get(step) == null) {
        return;
      }
      long end = WindowSpec.ONE_MINUTE.endOf(t);
      String key = WindowSpec.storeKey(end, "1m", index + "|" + metric);
      WindowAggregate w = windows.computeIfAbsent(key, k -> new WindowAggregate(end - WindowSpec.ONE_MINUTE.sizeMs(),
          end, "1m", MetricWindows.dims(l.get("tenant"), l.get("source"), l.get("node_id"), metric, kind, sampleLabels)));
      MetricWindows.add(w, t, list.get(step));
    });
  }

  private static Series series(YamlNodes y, Node node) {
    YamlNodes.YamlMap m = y.mapping(node, "input series");
    if (m == null) {
      return null;
    }
    y.allowOnly(m, "input series", SERIES_KEYS);
    String source = m.get("source") == null ? "quality" : y.scalar(m.get("source"), "source");
    Map<String, String> labels = m.get("labels") == null ? Map.of() : y.stringMap(m.get("labels"), "labels");
    Map<String, List<Double>> values = new HashMap<>();
    if (m.get("values") == null) {
      y.error(node, "input series needs 'values' (metric: \"1 2 3\")");
      return null;
    }
    y.stringMap(m.get("values"), "values").forEach((metric, text) -> {
      try {
        values.put(metric, SeriesValues.expand(text));
      } catch (IllegalArgumentException e) {
        y.error(m.get("values"), metric + ": " + e.getMessage());
      }
    });
    String kind = labels.get("kind");
    if ("metrics".equals(source) && kind != null
        && java.util.Arrays.stream(MetricKind.values()).noneMatch(k -> k.name().equals(kind))) {
      y.error(m.get("labels"), "kind of a metrics series must be counter, gauge, histogram or summary, got '" + kind + "'");
      return null;
    }
    return new Series(source, labels, values);
  }

  private static Map<String, String> annotationsOf(List<AlertRule> rules, AlertState s) {
    AlertRule rule = rules.stream().filter(r -> r.getRuleId().equals(s.ruleId)).findFirst().orElse(null);
    if (rule == null) {
      return Map.of();
    }
    Map<String, String> out = new HashMap<>();
    rule.getAnnotations().forEach((k, v) ->
        out.put(k, io.vigil.streams.rules.Templates.render(v, s.labels, s.lastValue, rule.getThreshold())));
    return out;
  }

  private static String describe(List<AlertRule> rules, List<AlertState> states) {
    if (states.isEmpty()) {
      return "none";
    }
    List<String> parts = new ArrayList<>();
    for (AlertState s : states) {
      parts.add(s.labels + " " + annotationsOf(rules, s));
    }
    return String.join(", ", parts);
  }
}

package io.vigil.alerting.config;

import io.vigil.alerting.config.ConfigException.Problem;
import io.vigil.alerting.inhibit.InhibitRule;
import io.vigil.alerting.route.LabelMatcher;
import io.vigil.alerting.route.Route;
import io.vigil.alerting.route.RouteTree;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the Alertmanager-like YAML into an {@link AlertingConfig}, collecting every problem with its line and column
 * (the YAML node tree keeps positions, which a plain Map load would lose). Secrets come from env or files.
 */
public final class ConfigLoader {
  private static final Set<String> TOP = Set.of("global", "receivers", "route", "inhibit_rules", "time_intervals");
  private static final Set<String> GLOBAL = Set.of("console_url", "grafana_url", "resolve_immediately");
  private static final Set<String> RECEIVER = Set.of("name", "type", "url", "url_env", "url_file", "routing_key",
      "routing_key_env", "routing_key_file", "hmac_secret", "hmac_secret_env", "hmac_secret_file", "send_resolved",
      "rate_limit_per_s", "max_attempts", "initial_backoff", "max_backoff", "timeout", "channel", "concurrency");
  private static final Set<String> ROUTE = Set.of("receiver", "matchers", "group_by", "group_wait", "group_interval",
      "repeat_interval", "continue", "resolve_immediately", "mute_time_intervals", "routes");
  private static final Set<String> INHIBIT = Set.of("source_matchers", "target_matchers", "equal");
  private static final Set<String> INTERVAL = Set.of("name", "weekdays", "times", "location");

  private final Function<String, String> env;
  private final List<Problem> problems = new ArrayList<>();
  private final List<Runnable> deferredChecks = new ArrayList<>();
  private int routeCounter;

  private ConfigLoader(Function<String, String> env) {
    this.env = env;
  }

  public static AlertingConfig load(Path file, Function<String, String> env) {
    try {
      return parse(Files.readString(file), file.toString(), env);
    } catch (IOException e) {
      throw new ConfigException(file.toString(), List.of(new Problem(0, 0, "cannot read: " + e.getMessage())));
    }
  }

  public static AlertingConfig parse(String yaml, String source, Function<String, String> env) {
    ConfigLoader loader = new ConfigLoader(env);
    AlertingConfig config = loader.read(yaml);
    if (!loader.problems.isEmpty()) {
      throw new ConfigException(source, loader.problems);
    }
    return config;
  }

  private AlertingConfig read(String yaml) {
    Node doc;
    try {
      doc = new Yaml().compose(new StringReader(yaml));
    } catch (MarkedYAMLException e) {
      var m = e.getProblemMark();
      problems.add(new Problem(m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1,
          "YAML syntax: " + e.getProblem()));
      return null;
    }
    if (!(doc instanceof MappingNode root)) {
      problems.add(new Problem(1, 1, "the file must be a mapping with receivers and route"));
      return null;
    }
    Map<String, Node> top = fields(root, TOP, "top level");
    Map<String, Node> global = top.containsKey("global") ? fields(top.get("global"), GLOBAL, "global") : Map.of();
    String consoleUrl = str(global.get("console_url"), "http://localhost:8080/console");
    String grafanaUrl = str(global.get("grafana_url"), "http://localhost:3000");
    boolean resolveImmediately = bool(global.get("resolve_immediately"), true);

    Map<String, ReceiverConfig> receivers = new LinkedHashMap<>();
    Node recNode = top.get("receivers");
    if (recNode == null) {
      problems.add(new Problem(line(root), 1, "'receivers' is required"));
    } else {
      for (Node n : list(recNode, "receivers")) {
        ReceiverConfig rc = receiver(n);
        if (rc != null) {
          if (receivers.containsKey(rc.name())) {
            problems.add(at(n, "receiver '" + rc.name() + "' is defined twice"));
          }
          receivers.put(rc.name(), rc);
        }
      }
    }

    Map<String, TimeInterval> intervals = new LinkedHashMap<>();
    if (top.containsKey("time_intervals")) {
      for (Node n : list(top.get("time_intervals"), "time_intervals")) {
        TimeInterval ti = interval(n);
        if (ti != null) {
          intervals.put(ti.name(), ti);
        }
      }
    }

    Route rootRoute = null;
    Node routeNode = top.get("route");
    if (routeNode == null) {
      problems.add(new Problem(line(root), 1, "'route' is required"));
    } else {
      Route defaults = new Route("0", null, List.of(), List.of(), false, Duration.ofSeconds(30),
          Duration.ofMinutes(5), Duration.ofHours(4), false, resolveImmediately, List.of(), List.of());
      rootRoute = route(routeNode, defaults, true, receivers, intervals);
    }

    List<InhibitRule> inhibit = new ArrayList<>();
    if (top.containsKey("inhibit_rules")) {
      for (Node n : list(top.get("inhibit_rules"), "inhibit_rules")) {
        Map<String, Node> f = fields(n, INHIBIT, "inhibit rule");
        List<LabelMatcher> src = matchers(f.get("source_matchers"));
        List<LabelMatcher> tgt = matchers(f.get("target_matchers"));
        if (f.get("source_matchers") == null || f.get("target_matchers") == null) {
          problems.add(at(n, "an inhibit rule needs source_matchers and target_matchers"));
        }
        inhibit.add(new InhibitRule(src, tgt, strings(f.get("equal"))));
      }
    }
    deferredChecks.forEach(Runnable::run);
    if (rootRoute == null) {
      return null;
    }
    return new AlertingConfig(receivers, new RouteTree(rootRoute), inhibit, intervals, consoleUrl, grafanaUrl);
  }

  private ReceiverConfig receiver(Node n) {
    Map<String, Node> f = fields(n, RECEIVER, "receiver");
    String name = str(f.get("name"), null);
    if (name == null || name.isBlank()) {
      problems.add(at(n, "a receiver needs a name"));
      return null;
    }
    String typeText = str(f.get("type"), null);
    ReceiverConfig.Type type;
    try {
      type = ReceiverConfig.Type.valueOf(typeText == null ? "" : typeText);
    } catch (IllegalArgumentException e) {
      problems.add(at(f.getOrDefault("type", n), "receiver '" + name + "': type must be one of slack, pagerduty, "
          + "webhook, alertmanager (got " + typeText + ")"));
      return null;
    }
    Secret url = secret(f, "url", n, "receiver '" + name + "'", type != ReceiverConfig.Type.pagerduty);
    if (type == ReceiverConfig.Type.pagerduty && url == null) {
      url = new Secret("https://events.pagerduty.com/v2/enqueue", "default");
    }
    Secret key = secret(f, "routing_key", n, "receiver '" + name + "'", type == ReceiverConfig.Type.pagerduty);
    Secret hmac = secret(f, "hmac_secret", n, "receiver '" + name + "'", false);
    double rate = number(f.get("rate_limit_per_s"), ReceiverConfig.defaultRate(type));
    if (rate <= 0) {
      problems.add(at(f.get("rate_limit_per_s"), "rate_limit_per_s must be > 0"));
    }
    int attempts = (int) number(f.get("max_attempts"), 6);
    if (attempts < 1) {
      problems.add(at(f.get("max_attempts"), "max_attempts must be >= 1"));
    }
    return new ReceiverConfig(name, type, url, key, hmac,
        bool(f.get("send_resolved"), true), rate, attempts,
        duration(f.get("initial_backoff"), Duration.ofMillis(500)), duration(f.get("max_backoff"), Duration.ofSeconds(30)),
        duration(f.get("timeout"), Duration.ofSeconds(10)), str(f.get("channel"), null),
        (int) number(f.get("concurrency"), 4));
  }

  private Secret secret(Map<String, Node> f, String base, Node owner, String what, boolean required) {
    Node inline = f.get(base);
    Node envName = f.get(base + "_env");
    Node file = f.get(base + "_file");
    int given = (inline != null ? 1 : 0) + (envName != null ? 1 : 0) + (file != null ? 1 : 0);
    if (given > 1) {
      problems.add(at(owner, what + ": give only one of " + base + ", " + base + "_env, " + base + "_file"));
      return null;
    }
    if (inline != null) {
      return new Secret(str(inline, ""), "config");
    }
    if (envName != null) {
      String var = str(envName, "");
      String v = env.apply(var);
      if (v == null || v.isBlank()) {
        problems.add(at(envName, what + ": environment variable " + var + " is not set"));
        return null;
      }
      return new Secret(v.trim(), "env " + var);
    }
    if (file != null) {
      String p = str(file, "");
      try {
        return new Secret(Files.readString(Path.of(p)).trim(), "file " + p);
      } catch (IOException e) {
        problems.add(at(file, what + ": cannot read secret file " + p));
        return null;
      }
    }
    if (required) {
      problems.add(at(owner, what + ": " + base + " (or " + base + "_env / " + base + "_file) is required"));
    }
    return null;
  }

  private Route route(Node n, Route parent, boolean isRoot, Map<String, ReceiverConfig> receivers,
                      Map<String, TimeInterval> intervals) {
    Map<String, Node> f = fields(n, ROUTE, "route");
    String id = isRoot ? "0" : parent.id() + "." + (routeCounter++);
    String receiver = str(f.get("receiver"), parent.receiver());
    if (receiver == null) {
      problems.add(at(n, "the root route needs a receiver"));
    } else if (f.containsKey("receiver")) {
      Node where = f.get("receiver");
      deferredChecks.add(() -> {
        if (!receivers.containsKey(receiver)) {
          problems.add(at(where, "route refers to unknown receiver '" + receiver + "'"));
        }
      });
    }
    if (isRoot && f.containsKey("matchers")) {
      problems.add(at(f.get("matchers"), "the root route matches every alert and cannot have matchers"));
    }
    List<String> groupBy = f.containsKey("group_by") ? strings(f.get("group_by")) : parent.groupBy();
    boolean all = f.containsKey("group_by") ? groupBy.contains("...") : parent.groupByAll();
    List<String> mute = strings(f.get("mute_time_intervals"));
    for (String m : mute) {
      if (!intervals.containsKey(m)) {
        problems.add(at(f.get("mute_time_intervals"), "unknown time interval '" + m + "'"));
      }
    }
    Route self = new Route(id, receiver, matchers(f.get("matchers")), groupBy.stream().filter(g -> !g.equals("..."))
        .toList(), all,
        duration(f.get("group_wait"), parent.groupWait()), duration(f.get("group_interval"), parent.groupInterval()),
        duration(f.get("repeat_interval"), parent.repeatInterval()), bool(f.get("continue"), false),
        bool(f.get("resolve_immediately"), parent.resolveImmediately()), mute, List.of());
    if (self.groupInterval().isZero()) {
      problems.add(at(f.getOrDefault("group_interval", n), "group_interval must be > 0"));
    }
    List<Route> children = new ArrayList<>();
    if (f.containsKey("routes")) {
      int saved = routeCounter;
      routeCounter = 0;
      for (Node c : list(f.get("routes"), "routes")) {
        children.add(route(c, self, false, receivers, intervals));
      }
      routeCounter = saved;
    }
    return new Route(self.id(), self.receiver(), self.matchers(), self.groupBy(), self.groupByAll(), self.groupWait(),
        self.groupInterval(), self.repeatInterval(), self.continueMatching(), self.resolveImmediately(),
        self.muteTimeIntervals(), children);
  }

  private TimeInterval interval(Node n) {
    Map<String, Node> f = fields(n, INTERVAL, "time interval");
    String name = str(f.get("name"), null);
    if (name == null) {
      problems.add(at(n, "a time interval needs a name"));
      return null;
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String d : strings(f.get("weekdays"))) {
      try {
        days.add(DayOfWeek.valueOf(d.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        problems.add(at(f.get("weekdays"), "'" + d + "' is not a weekday"));
      }
    }
    List<LocalTime[]> times = new ArrayList<>();
    if (f.containsKey("times")) {
      for (Node t : list(f.get("times"), "times")) {
        Map<String, Node> tf = fields(t, Set.of("start_time", "end_time"), "time range");
        try {
          LocalTime s = LocalTime.parse(str(tf.get("start_time"), "00:00"));
          String e = str(tf.get("end_time"), "24:00");
          LocalTime end = e.equals("24:00") ? LocalTime.MAX : LocalTime.parse(e);
          times.add(new LocalTime[] {s, end});
        } catch (DateTimeException e) {
          problems.add(at(t, "times need start_time/end_time as HH:MM"));
        }
      }
    }
    ZoneId zone = ZoneId.of("UTC");
    if (f.containsKey("location")) {
      try {
        zone = ZoneId.of(str(f.get("location"), "UTC"));
      } catch (DateTimeException e) {
        problems.add(at(f.get("location"), "unknown location " + str(f.get("location"), "")));
      }
    }
    return new TimeInterval(name, days, times, zone);
  }

  // ---- node helpers: each records a problem at the node's position instead of throwing ----

  private Map<String, Node> fields(Node n, Set<String> allowed, String what) {
    Map<String, Node> out = new LinkedHashMap<>();
    if (!(n instanceof MappingNode m)) {
      problems.add(at(n, what + " must be a mapping"));
      return out;
    }
    for (NodeTuple t : m.getValue()) {
      String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "?";
      if (!allowed.contains(key)) {
        problems.add(at(t.getKeyNode(), "unknown field '" + key + "' in " + what));
      } else {
        out.put(key, t.getValueNode());
      }
    }
    return out;
  }

  private List<Node> list(Node n, String what) {
    if (n instanceof SequenceNode s) {
      return s.getValue();
    }
    problems.add(at(n, what + " must be a list"));
    return List.of();
  }

  private List<String> strings(Node n) {
    if (n == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (Node e : list(n, "value")) {
      out.add(str(e, ""));
    }
    return out;
  }

  private List<LabelMatcher> matchers(Node n) {
    List<LabelMatcher> out = new ArrayList<>();
    if (n == null) {
      return out;
    }
    for (Node e : list(n, "matchers")) {
      try {
        out.add(LabelMatcher.parse(str(e, "")));
      } catch (IllegalArgumentException ex) {
        problems.add(at(e, ex.getMessage()));
      }
    }
    return out;
  }

  private String str(Node n, String dflt) {
    if (n == null) {
      return dflt;
    }
    if (n instanceof ScalarNode s) {
      return s.getValue();
    }
    problems.add(at(n, "expected a single value"));
    return dflt;
  }

  private boolean bool(Node n, boolean dflt) {
    String s = str(n, null);
    if (s == null) {
      return dflt;
    }
    if (s.equals("true") || s.equals("false")) {
      return Boolean.parseBoolean(s);
    }
    problems.add(at(n, "expected true or false, got '" + s + "'"));
    return dflt;
  }

  private double number(Node n, double dflt) {
    String s = str(n, null);
    if (s == null) {
      return dflt;
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      problems.add(at(n, "expected a number, got '" + s + "'"));
      return dflt;
    }
  }

  private Duration duration(Node n, Duration dflt) {
    String s = str(n, null);
    if (s == null) {
      return dflt;
    }
    try {
      return DurationParser.parse(s);
    } catch (IllegalArgumentException e) {
      problems.add(at(n, e.getMessage()));
      return dflt;
    }
  }

  private static int line(Node n) {
    return n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
  }

  private static Problem at(Node n, String message) {
    if (n == null || n.getStartMark() == null) {
      return new Problem(0, 0, message);
    }
    return new Problem(n.getStartMark().getLine() + 1, n.getStartMark().getColumn() + 1, message);
  }
}

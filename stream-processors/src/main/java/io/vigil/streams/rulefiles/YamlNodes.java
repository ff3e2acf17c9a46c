package io.vigil.streams.rulefiles;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads a SnakeYAML node tree while keeping positions, so every error names the line and column it is about. */
final class YamlNodes {
  private final String file;
  private final List<String> errors;

  YamlNodes(String file, List<String> errors) {
    this.file = file;
    this.errors = errors;
  }

  int errorCount() {
    return errors.size();
  }

  void error(Node at, String message) {
    errors.add(file + ":" + (at.getStartMark().getLine() + 1) + ":" + (at.getStartMark().getColumn() + 1) + ": " + message);
  }

  /** A mapping: values by key and the key nodes (for positions), both in document order. */
  record YamlMap(Map<String, Node> values, Map<String, Node> keys) {
    Node get(String key) {
      return values.get(key);
    }
  }

  /** The mapping, or null after reporting that the node is not one. */
  YamlMap mapping(Node node, String what) {
    if (!(node instanceof MappingNode m)) {
      error(node, what + " must be a mapping");
      return null;
    }
    Map<String, Node> values = new LinkedHashMap<>();
    Map<String, Node> keys = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k)) {
        error(t.getKeyNode(), "keys of " + what + " must be plain text");
        continue;
      }
      if (values.containsKey(k.getValue())) {
        error(k, "duplicate key '" + k.getValue() + "' in " + what);
      }
      values.put(k.getValue(), t.getValueNode());
      keys.put(k.getValue(), k);
    }
    return new YamlMap(values, keys);
  }

  /** Reports every key not in the allowed set, at the key's own position. */
  void allowOnly(YamlMap map, String what, java.util.Set<String> allowed) {
    for (var e : map.keys().entrySet()) {
      if (!allowed.contains(e.getKey())) {
        error(e.getValue(), "unknown field '" + e.getKey() + "' in " + what + " (allowed: "
            + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
      }
    }
  }

  List<Node> sequence(Node node, String what) {
    if (!(node instanceof SequenceNode s)) {
      error(node, what + " must be a list");
      return List.of();
    }
    return s.getValue();
  }

  String scalar(Node node, String what) {
    if (!(node instanceof ScalarNode s)) {
      error(node, what + " must be a single value");
      return null;
    }
    return s.getValue();
  }

  Map<String, String> stringMap(Node node, String what) {
    Map<String, String> out = new LinkedHashMap<>();
    YamlMap m = mapping(node, what);
    if (m == null) {
      return out;
    }
    m.values().forEach((k, v) -> {
      if (v != null) {
        String s = scalar(v, what + "." + k);
        if (s != null) {
          out.put(k, s);
        }
      }
    });
    return out;
  }

  Double number(Node node, String what) {
    String s = scalar(node, what);
    if (s == null) {
      return null;
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      error(node, what + " must be a number, got '" + s + "'");
      return null;
    }
  }

  /** Prometheus-style duration ("30s", "10m", "1h", "1h30m") or plain seconds; returns seconds. */
  Long duration(Node node, String what) {
    String s = scalar(node, what);
    if (s == null) {
      return null;
    }
    Long seconds = Durations.parseSeconds(s);
    if (seconds == null) {
      error(node, what + " must be a duration like 30s, 10m or 1h, got '" + s + "'");
    }
    return seconds;
  }
}

package io.vigil.collectors.prometheus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parser for the Prometheus text exposition format 0.0.4 and the OpenMetrics text format (no maintained Java parser
 * is on Maven Central: the official client only writes these formats). Bad lines are counted and skipped.
 */
public final class ExpositionParser {
  /** One sample line: metric name, labels, value. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  /** A parsed scrape: samples in order, declared TYPE per family, and the number of lines that did not parse. */
  public record Scrape(List<Sample> samples, Map<String, String> types, int badLines) {}

  private ExpositionParser() {}

  public static Scrape parse(String text) {
    List<Sample> samples = new ArrayList<>();
    Map<String, String> types = new HashMap<>();
    int bad = 0;
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("#")) {
        String[] p = line.split("\\s+", 4);
        if (p.length >= 4 && p[1].equals("TYPE")) {
          types.put(p[2], p[3].trim());
        }
        continue;
      }
      try {
        samples.add(sample(line));
      } catch (RuntimeException e) {
        bad++;
      }
    }
    return new Scrape(samples, types, bad);
  }

  static Sample sample(String line) {
    int i = 0;
    int n = line.length();
    while (i < n && line.charAt(i) != '{' && !Character.isWhitespace(line.charAt(i))) {
      i++;
    }
    String name = line.substring(0, i);
    if (name.isEmpty() || !name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
      throw new IllegalArgumentException("bad metric name");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < n && line.charAt(i) == '{') {
      i++;
      while (true) {
        while (i < n && (line.charAt(i) == ',' || line.charAt(i) == ' ')) {
          i++;
        }
        if (i < n && line.charAt(i) == '}') {
          i++;
          break;
        }
        int eq = line.indexOf('=', i);
        if (eq < 0 || eq + 1 >= n || line.charAt(eq + 1) != '"') {
          throw new IllegalArgumentException("bad label");
        }
        String key = line.substring(i, eq).trim();
        StringBuilder v = new StringBuilder();
        int j = eq + 2;
        for (; j < n; j++) {
          char c = line.charAt(j);
          if (c == '\\' && j + 1 < n) {
            char e = line.charAt(++j);
            v.append(e == 'n' ? '\n' : e);
          } else if (c == '"') {
            break;
          } else {
            v.append(c);
          }
        }
        if (j >= n) {
          throw new IllegalArgumentException("unterminated label value");
        }
        labels.put(key, v.toString());
        i = j + 1;
      }
    }
    String[] rest = line.substring(i).trim().split("\\s+");
    return new Sample(name, labels, value(rest[0]));
  }

  static double value(String v) {
    return switch (v) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(v);
    };
  }
}

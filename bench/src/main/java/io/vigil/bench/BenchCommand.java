package io.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.bench.report.MachineFacts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `./vigil bench`: runs every stage benchmark in its own JVM (so one cannot starve another's heap), each reporting its
 * figures next to its baseline or peer as one JSON line, and writes bench/results/DATE.json and .md.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run the benchmarks and write bench/results/.")
public final class BenchCommand implements Callable<Integer> {
  /**
   * A stage benchmark: a main class in this module that prints its result as the last JSON line on stdout.
   *
   * @param without Vigil modules left off the stage's classpath: Micronaut starts every bean it finds, so a stage that
   *                runs one Micronaut service must not see the others
   */
  record Stage(String name, String mainClass, String heap, String target, List<String> without) {
    Stage(String name, String mainClass, String heap, String target) {
      this(name, mainClass, heap, target, List.of());
    }

    String classpath(String full) {
      return java.util.Arrays.stream(full.split(java.io.File.pathSeparator))
          .filter(entry -> without.stream().noneMatch(m -> entry.contains("/vigil-" + m + "-")
              || entry.contains("/" + m + "/target/")))
          .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }
  }

  static final List<Stage> STAGES = List.of(
      new Stage("collectors", "io.vigil.bench.collectors.CollectorBench", "2g",
          "agent path >= 0.7 of raw producer throughput; heap < 256 MB for 10,000 live tracks",
          List.of("alerting", "query-api", "devstack")),
      new Stage("streams", "io.vigil.bench.streams.StreamsBench", "2g",
          ">= 50,000 samples/s and >= 0.5 of pass-through; firing p99 <= 500 ms at 10k samples/s"),
      new Stage("sink", "io.vigil.bench.sink.SinkBench", "2g", ">= 0.7 of psql \\copy; >= 3x Debezium JDBC sink"),
      new Stage("alerting", "io.vigil.bench.alerting.AlertLatencyBench", "1g", "firing -> receiver p99 <= 200 ms"),
      new Stage("api", "io.vigil.bench.api.ApiBench", "2g", "p99 <= 50 ms at 50 clients over 10 M samples"),
      new Stage("end-to-end", "io.vigil.bench.endtoend.EndToEndBench", "3g",
          ">= 20,000 samples/s sustained 5 min, lag bounded, sample-to-webhook p99 <= 1 s"));

  @Option(names = "--only", split = ",", description = "Run only these stages (${COMPLETION-CANDIDATES}).")
  List<String> only = new ArrayList<>();

  @Option(names = "--out", description = "Results directory (default: bench/results under the repository root).")
  Path out;

  @Option(names = "--timeout-minutes", defaultValue = "20", description = "Per-stage time limit.")
  int timeoutMinutes;

  @Override
  public Integer call() throws Exception {
    Path root = Path.of(System.getProperty("vigil.root", ".")).toAbsolutePath().normalize();
    Path dir = out != null ? out : root.resolve("bench/results");
    Files.createDirectories(dir);
    ObjectMapper json = new ObjectMapper();
    ObjectNode report = json.createObjectNode();
    report.put("date", LocalDate.now().toString());
    report.set("machine", json.valueToTree(MachineFacts.collect()));
    ObjectNode results = report.putObject("stages");
    String classpath = System.getProperty("java.class.path");
    for (Stage s : STAGES) {
      if (!only.isEmpty() && !only.contains(s.name())) {
        continue;
      }
      System.out.printf("== %s (%s)%n", s.name(), s.target());
      ObjectNode r = results.putObject(s.name());
      r.put("target", s.target());
      if (!exists(s.mainClass())) {
        r.put("status", "not available");
        System.out.println("   not available: " + s.mainClass() + " is not built");
        continue;
      }
      long t = System.nanoTime();
      JsonNode figures = runStage(s, classpath, json);
      r.put("seconds", Math.round((System.nanoTime() - t) / 1e9));
      if (figures == null) {
        r.put("status", "failed");
      } else {
        r.put("status", "ok");
        r.set("figures", figures);
        System.out.println("   " + figures);
      }
    }
    String date = LocalDate.now().toString();
    json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(date + ".json").toFile(), report);
    Files.writeString(dir.resolve(date + ".md"), markdown(report));
    System.out.println("wrote " + dir.resolve(date + ".json") + " and .md");
    return 0;
  }

  private boolean exists(String cls) {
    try {
      Class.forName(cls, false, getClass().getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private JsonNode runStage(Stage s, String classpath, ObjectMapper json) throws Exception {
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + s.heap(),
        "-cp", s.classpath(classpath), StageLauncher.class.getName(), s.mainClass());
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    // Output is echoed on its own thread so the time limit holds even when a stage hangs without printing.
    var lastJson = new java.util.concurrent.atomic.AtomicReference<String>();
    Thread echo = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          System.out.println("   | " + line);
          if (line.trim().startsWith("{")) {
            lastJson.set(line.trim());
          }
        }
      } catch (java.io.IOException e) {
        // the stage's stdout closed: nothing more to echo
      }
    }, "bench-stage-output");
    echo.start();
    if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      System.out.println("   timed out after " + timeoutMinutes + " min");
      return null;
    }
    echo.join(10_000);
    String last = lastJson.get();
    if (p.exitValue() != 0 || last == null) {
      System.out.println("   failed (exit " + p.exitValue() + ")");
      return null;
    }
    return json.readTree(last);
  }

  static String markdown(JsonNode report) {
    StringBuilder md = new StringBuilder("# Vigil benchmarks, ").append(report.get("date").asText()).append("\n\n");
    md.append("Machine: ");
    report.get("machine").fields().forEachRemaining(e -> md.append(e.getKey()).append(" ").append(e.getValue().asText()).append("; "));
    md.append("\n\nEvery figure is measured next to its baseline or peer in the same run on the same machine.\n\n");
    md.append("| stage | status | figures | target |\n|---|---|---|---|\n");
    report.get("stages").fields().forEachRemaining(e -> {
      JsonNode r = e.getValue();
      StringBuilder f = new StringBuilder();
      if (r.has("figures")) {
        r.get("figures").fields().forEachRemaining(x -> figure(f, x.getKey(), x.getValue()));
      }
      md.append("| ").append(e.getKey()).append(" | ").append(r.path("status").asText()).append(" | ").append(f)
          .append(" | ").append(r.path("target").asText()).append(" |\n");
    });
    return md.toString();
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchCommand()).execute(args));
  }

  /**
   * One figure per line; nested objects (a query's p50/p99, a step's figures) flatten to dotted names, and arrays of
   * objects (the end-to-end steps) to one line per element, so no figure is left blank in the table.
   */
  static void figure(StringBuilder f, String name, JsonNode value) {
    if (value.isObject()) {
      value.fields().forEachRemaining(x -> figure(f, name + "." + x.getKey(), x.getValue()));
    } else if (value.isArray() && value.size() > 0 && value.get(0).isContainerNode()) {
      for (int i = 0; i < value.size(); i++) {
        f.append(name).append("[").append(i).append("] = ").append(value.get(i)).append("<br>");
      }
    } else {
      f.append(name).append(" = ").append(value.isValueNode() ? value.asText() : value.toString()).append("<br>");
    }
  }
}

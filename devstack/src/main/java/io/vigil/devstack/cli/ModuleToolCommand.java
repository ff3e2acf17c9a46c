package io.vigil.devstack.cli;

import io.vigil.devstack.services.ChildProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * Subcommands that belong to another module's tool (rules, alerting config, collector, simulator, benchmarks): run in
 * that module's own JVM and classpath, so the dev stack does not link every service.
 */
abstract class ModuleToolCommand implements Callable<Integer> {
  @Unmatched
  List<String> args = new ArrayList<>();

  abstract String module();

  abstract String mainClass();

  List<String> jvmArgs() {
    return List.of("-Xmx512m");
  }

  @Override
  public Integer call() throws Exception {
    Path root = VigilCommand.root();
    Path cls = root.resolve(module()).resolve("target/classes").resolve(mainClass().replace('.', '/') + ".class");
    if (!java.nio.file.Files.exists(cls)) {
      System.err.println("vigil: " + mainClass() + " is not built in " + module() + "; run `mvn install -DskipTests` first");
      return 2;
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs());
    cmd.add("-cp");
    cmd.add(ChildProcess.moduleClasspath(root, module()));
    cmd.add(mainClass());
    cmd.addAll(args);
    return new ProcessBuilder(cmd).inheritIO().start().waitFor();
  }

  @Command(name = "rules", description = "Alert rule files: `rules check FILE`, `rules test FILE` (promtool style).")
  static final class Rules extends ModuleToolCommand {
    String module() {
      return "stream-processors";
    }

    String mainClass() {
      return "io.vigil.streams.cli.RulesCommand";
    }
  }

  @Command(name = "alerting", description = "Alerting configuration: `alerting check FILE`.")
  static final class Alerting extends ModuleToolCommand {
    String module() {
      return "alerting";
    }

    String mainClass() {
      return "io.vigil.alerting.cli.CheckCommand";
    }
  }

  @Command(name = "collector", description = "Run a collector agent: `collector --config FILE`.")
  static final class Collector extends ModuleToolCommand {
    String module() {
      return "collectors";
    }

    String mainClass() {
      return "io.vigil.collectors.CollectorAgent";
    }
  }

  @Command(name = "bench", description = "Run every stage benchmark next to its baseline and write bench/results/.")
  static final class Bench extends ModuleToolCommand {
    String module() {
      return "bench";
    }

    String mainClass() {
      return "io.vigil.bench.BenchCommand";
    }

    @Override
    List<String> jvmArgs() {
      return List.of("-Xmx3g");
    }
  }
}

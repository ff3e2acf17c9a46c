package io.vigil.streams.cli;

import io.vigil.streams.rulefiles.RuleFileParser;
import io.vigil.streams.rulefiles.RuleTestRunner;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigil rules check FILE...} and {@code vigil rules test FILE...}: promtool-style tooling for rule files. */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "Check and test Vigil alert rule files.",
    subcommands = {RulesCommand.Check.class, RulesCommand.Test.class})
public final class RulesCommand implements Runnable {
  static {
    io.vigil.schemas.wire.AvroTrust.install();
  }

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Validates rule files; prints file:line:column errors; exit 1 on any error. */
  @Command(name = "check", description = "Validate rule files (line-precise errors).")
  static final class Check implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "rule files; 'default' checks the built-in pack")
    List<String> files;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      int failed = 0;
      for (String f : files) {
        var parsed = f.equals("default")
            ? RuleFileParser.parse("classpath:" + RuleFileParser.DEFAULT_PACK, defaultPackText())
            : RuleFileParser.parse(f, Files.readString(Path.of(f)));
        if (parsed.ok()) {
          out.println("SUCCESS: " + f + ": " + parsed.rules().size() + " rules found");
        } else {
          failed++;
          err.println("FAILED: " + f);
          parsed.errors().forEach(err::println);
        }
      }
      out.flush();
      err.flush();
      return failed == 0 ? 0 : 1;
    }
  }

  /** Runs rule unit tests; exit 1 on any failure. */
  @Command(name = "test", description = "Run rule unit tests (input series -> expected alerts).")
  static final class Test implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "test files")
    List<Path> files;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      int failed = 0;
      for (Path f : files) {
        RuleTestRunner.Result r = RuleTestRunner.run(f);
        if (r.ok()) {
          out.println("SUCCESS: " + f + ": " + r.cases() + " cases passed");
        } else {
          failed++;
          err.println("FAILED: " + f);
          r.failures().forEach(err::println);
        }
      }
      out.flush();
      err.flush();
      return failed == 0 ? 0 : 1;
    }
  }

  static String defaultPackText() throws java.io.IOException {
    try (var in = RulesCommand.class.getClassLoader().getResourceAsStream(RuleFileParser.DEFAULT_PACK)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new RulesCommand()).execute(args));
  }
}

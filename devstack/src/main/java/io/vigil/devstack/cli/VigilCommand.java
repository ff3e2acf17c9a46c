package io.vigil.devstack.cli;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** `./vigil`: run the local pipeline, check it, and reach the tools of every module. */
@Command(name = "vigil", mixinStandardHelpOptions = true, version = "vigil 0.1.0",
    description = "Vigil: monitoring for real-time media. `./vigil up` runs the whole pipeline locally.",
    subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class, TokenCommand.class, ModuleToolCommand.Rules.class,
        ModuleToolCommand.Alerting.class, ModuleToolCommand.Collector.class, SimulateCommand.class,
        ModuleToolCommand.Bench.class})
public final class VigilCommand implements Runnable {
  /** The repository root: where the modules and `.vigil/` live. */
  static Path root() {
    return Path.of(System.getProperty("vigil.root", ".")).toAbsolutePath().normalize();
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new VigilCommand()).setExecutionExceptionHandler((ex, cmd, parsed) -> {
      cmd.getErr().println("vigil: " + ex.getMessage());
      return 1;
    }).execute(args));
  }
}

package io.vigil.alerting.cli;

import io.vigil.alerting.config.AlertingConfig;
import io.vigil.alerting.config.ConfigException;
import io.vigil.alerting.config.ConfigLoader;
import java.nio.file.Path;

/** {@code vigil alerting check FILE}: validates a config and prints line-precise problems; exit 1 when invalid. */
public final class CheckCommand {
  private CheckCommand() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: vigil alerting check FILE");
      System.exit(2);
    }
    System.exit(run(Path.of(args[0])));
  }

  /** Returns the exit code; separate from main so it is testable. */
  public static int run(Path file) {
    try {
      AlertingConfig c = ConfigLoader.load(file, System::getenv);
      System.out.println(file + ": OK (" + c.receivers().size() + " receivers, "
          + c.inhibitRules().size() + " inhibit rules, " + c.timeIntervals().size() + " time intervals)");
      return 0;
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      return 1;
    }
  }
}

package io.vigil.devstack.cli;

import io.vigil.devstack.auth.DevTokens;
import io.vigil.devstack.stack.DevStackConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `./vigil token`: a bearer token for the dev stack's API (and console). */
@Command(name = "token", description = "Print a bearer token for the dev stack's query API.")
final class TokenCommand implements Callable<Integer> {
  @Option(names = "--role", defaultValue = "admin", description = "viewer, operator or admin (default ${DEFAULT-VALUE}).")
  String role;

  @Option(names = "--tenant", description = "Restrict the token to one tenant's rows.")
  String tenant;

  @Option(names = "--subject", defaultValue = "${sys:user.name}", description = "Who the audit log records.")
  String subject;

  @Option(names = "--days", defaultValue = "30")
  int days;

  @Override
  public Integer call() throws Exception {
    DevStackConfig config = DevStackConfig.fromEnvironment(VigilCommand.root(), System.getenv());
    System.out.println(DevTokens.forHome(config.home()).mint(subject, role, tenant, Duration.ofDays(days)));
    return 0;
  }
}

package io.vigil.devstack.cli;

import io.vigil.devstack.ports.Ports;
import io.vigil.devstack.stack.DevStackConfig;
import io.vigil.devstack.stack.StackState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** `./vigil status`: is each part of the stack alive, listening and healthy. Exit 0 only when all are. */
@Command(name = "status", description = "Show the health of each part of a running stack.")
final class StatusCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    DevStackConfig config = DevStackConfig.fromEnvironment(VigilCommand.root(), System.getenv());
    var state = StackState.read(config.stateFile());
    if (state.isEmpty() || !ProcessHandle.of(state.get().pid()).map(ProcessHandle::isAlive).orElse(false)) {
      System.out.println("no Vigil stack is running; start one with `./vigil up`");
      return 1;
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    boolean allHealthy = true;
    System.out.printf("%-16s %-8s %-7s %-9s %s%n", "COMPONENT", "PID", "PORT", "STATE", "DETAIL");
    for (StackState.Component c : state.get().components()) {
      boolean alive = ProcessHandle.of(c.pid()).map(ProcessHandle::isAlive).orElse(false);
      // Port 0: a process without an HTTP port (every service now has one); alive is all it can say.
      boolean listening = alive && (c.port() == 0 || Ports.isOpen(c.port()));
      String detail = "";
      boolean healthy = listening;
      if (listening && c.health() != null) {
        try {
          var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + c.port() + c.health()))
              .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
          healthy = r.statusCode() == 200;
          detail = c.health() + " -> " + r.statusCode();
        } catch (Exception e) {
          healthy = false;
          detail = c.health() + " -> " + e.getClass().getSimpleName();
        }
      }
      String st = !alive ? "exited" : !listening ? "starting" : healthy ? "healthy" : "unhealthy";
      if (!alive && c.log() != null) {
        detail = "see " + c.log();
      }
      allHealthy &= healthy;
      System.out.printf("%-16s %-8d %-7s %-9s %s%n", c.name(), c.pid(), c.port() == 0 ? "-" : c.port(), st, detail);
    }
    System.out.println();
    state.get().endpoints().forEach((k, v) -> System.out.printf("  %-16s %s%n", k, v));
    return allHealthy ? 0 : 1;
  }
}

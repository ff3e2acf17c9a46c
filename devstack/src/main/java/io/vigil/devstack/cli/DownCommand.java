package io.vigil.devstack.cli;

import io.vigil.devstack.stack.DevStackConfig;
import io.vigil.devstack.stack.StackState;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;

/** `./vigil down`: ask a running `./vigil up` to stop everything cleanly. */
@Command(name = "down", description = "Stop a running stack (the `up` process shuts everything down in order).")
final class DownCommand implements Callable<Integer> {
  @Override
  public Integer call() throws Exception {
    DevStackConfig config = DevStackConfig.fromEnvironment(VigilCommand.root(), System.getenv());
    var state = StackState.read(config.stateFile());
    if (state.isEmpty()) {
      System.out.println("no Vigil stack is running (no " + config.stateFile() + ")");
      return 0;
    }
    var handle = ProcessHandle.of(state.get().pid());
    if (handle.isEmpty() || !handle.get().isAlive()) {
      Files.deleteIfExists(config.stateFile());
      System.out.println("the stack (pid " + state.get().pid() + ") is no longer running; removed its stale state file");
      return 0;
    }
    System.out.println("stopping the stack (pid " + state.get().pid() + ") ...");
    handle.get().destroy();
    try {
      handle.get().onExit().get(90, TimeUnit.SECONDS);
      System.out.println("stopped.");
      return 0;
    } catch (java.util.concurrent.TimeoutException e) {
      System.err.println("the stack did not stop within 90 s; pid " + state.get().pid() + " is still running");
      return 1;
    }
  }
}

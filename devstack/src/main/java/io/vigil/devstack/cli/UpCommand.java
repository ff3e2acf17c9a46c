package io.vigil.devstack.cli;

import io.vigil.devstack.stack.DevStack;
import io.vigil.devstack.stack.DevStackConfig;
import io.vigil.devstack.stack.StackState;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `./vigil up`: start everything and stay in the foreground until Ctrl-C or `./vigil down`. */
@Command(name = "up", description = "Start broker, database, registry, topics and every built service; Ctrl-C stops all.")
final class UpCommand implements Callable<Integer> {
  @Option(names = "--exit-when-ready", description = "Stop everything again once it is ready (a smoke test for CI).")
  boolean exitWhenReady;

  @Option(names = "--no-simulator", description = "Do not start the fleet simulator.")
  boolean noSimulator;

  @Option(names = "--schedule",
      defaultValue = "healthy@0,lossy-network@60,healthy@240,ffmpeg-overload@300,healthy@420,ffmpeg-crash@480,healthy@500,"
          + "congested-sfu@540,healthy@600,collector-silent@660,healthy@720,stream-error@780,healthy@840",
      description = "Simulator scenarios with start times in seconds (default ${DEFAULT-VALUE}); A+B@S runs two at once.")
  String schedule;

  @Option(names = "--ffmpeg-jobs", defaultValue = "2",
      description = "FFmpeg jobs the collector supervises (default ${DEFAULT-VALUE}; light 320x240 testsrc -> HLS under "
          + "VIGIL_HOME/hls, or a stand-in writing FFmpeg's progress format where ffmpeg is not installed); the FFmpeg "
          + "scenarios act on the first. 0 = none.")
  int ffmpegJobs;

  @Override
  public Integer call() throws Exception {
    DevStackConfig config = DevStackConfig.fromEnvironment(VigilCommand.root(), System.getenv());
    var running = StackState.read(config.stateFile())
        .filter(s -> ProcessHandle.of(s.pid()).map(ProcessHandle::isAlive).orElse(false));
    if (running.isPresent()) {
      System.err.println("vigil: a stack is already running (pid " + running.get().pid() + "); `./vigil status` or `./vigil down`");
      return 1;
    }
    DevStack stack = new DevStack(config, System.out).withSimulator(noSimulator || exitWhenReady ? null : schedule)
        .withFfmpegJobs(ffmpegJobs);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      System.out.println();
      System.out.println("shutting down ...");
      stack.close();
      System.out.println("stopped.");
      stopped.countDown();
    }, "vigil-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    stack.up();
    if (exitWhenReady) {
      return 0; // the shutdown hook stops everything
    }
    watch(stack);
    stopped.await();
    return 0;
  }

  /** Says so when a service dies after start-up, so the operator is not left staring at a silent terminal. */
  private static void watch(DevStack stack) throws InterruptedException {
    java.util.Set<String> reported = new java.util.HashSet<>();
    while (true) {
      Thread.sleep(Duration.ofSeconds(2).toMillis());
      for (StackState.Component c : stack.state().components()) {
        boolean alive = ProcessHandle.of(c.pid()).map(ProcessHandle::isAlive).orElse(false);
        if (!alive && reported.add(c.name())) {
          System.out.println("WARNING: " + c.name() + " (pid " + c.pid() + ") has exited; see " + c.log());
        }
      }
    }
  }
}

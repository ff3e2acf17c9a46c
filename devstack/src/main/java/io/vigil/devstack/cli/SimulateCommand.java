package io.vigil.devstack.cli;

import io.vigil.devstack.simulator.FleetSimulator;
import io.vigil.devstack.simulator.Population;
import io.vigil.devstack.simulator.ScenarioSchedule;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `./vigil simulate`: a simulated SFU fleet reporting to a collector (the dev stack's, or a production one). */
@Command(name = "simulate", description = "Simulated fleet: SFU nodes x rooms x participants posting W3C stats to a collector.")
final class SimulateCommand implements Callable<Integer> {
  @Option(names = "--collector", defaultValue = "${env:VIGIL_COLLECTOR_URL:-http://127.0.0.1:8090}",
      description = "Collector base URL (default ${DEFAULT-VALUE}).")
  String collector;

  @Option(names = "--token", defaultValue = "${env:VIGIL_COLLECTOR_TOKEN:-dev-token}", description = "Push API token.")
  String token;

  @Option(names = "--nodes", defaultValue = "2", description = "SFU nodes (default ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--rooms", defaultValue = "3", description = "Rooms per node (default ${DEFAULT-VALUE}).")
  int rooms;

  @Option(names = "--participants", defaultValue = "4", description = "Participants per room (default ${DEFAULT-VALUE}).")
  int participants;

  @Option(names = "--interval-ms", defaultValue = "1000", description = "Report interval per participant (default ${DEFAULT-VALUE}).")
  long intervalMs;

  @Option(names = "--schedule", defaultValue = "healthy",
      description = "Scenarios with start times in seconds, e.g. healthy@0,lossy-network@60,healthy@180. Scenarios: "
          + "healthy, lossy-network, congested-sfu, ffmpeg-overload, ffmpeg-crash, collector-silent, stream-error; "
          + "A+B@S runs two at once, e.g. lossy-network+ffmpeg-overload@60.")
  String schedule;

  @Option(names = "--controlplane-db", description = "JDBC URL of the control-plane database whose streams tables "
      + "the simulator drives (stream start/error/stop, carried by CDC); omit to leave the control plane alone.")
  String controlPlaneDb;

  @Option(names = "--controlplane-user", defaultValue = "postgres")
  String controlPlaneUser;

  @Option(names = "--controlplane-password", defaultValue = "${env:VIGIL_CONTROLPLANE_PASSWORD:-}")
  String controlPlanePassword;

  @Option(names = "--ffmpeg-job", description = "HLS playlist path of the FFmpeg job the ffmpeg-overload and "
      + "ffmpeg-crash scenarios act on (found by that path in its command line; it must run on this machine). "
      + "Default: the dev stack's first job, VIGIL_HOME/hls/job-0/index.m3u8.")
  java.nio.file.Path ffmpegJob;

  @Option(names = "--duration-s", defaultValue = "0", description = "Stop after this many seconds (0 = until Ctrl-C).")
  long durationS;

  @Override
  public Integer call() throws Exception {
    var sim = new FleetSimulator(collector, token, new Population(nodes, rooms, participants),
        Duration.ofMillis(intervalMs), ScenarioSchedule.parse(schedule), System.out);
    Runtime.getRuntime().addShutdownHook(new Thread(sim::stop));
    ScenarioSchedule parsed = ScenarioSchedule.parse(schedule);
    if (parsed.uses(io.vigil.devstack.simulator.Scenario.FFMPEG_OVERLOAD)
        || parsed.uses(io.vigil.devstack.simulator.Scenario.FFMPEG_CRASH)) {
      java.nio.file.Path job = ffmpegJob != null ? ffmpegJob : io.vigil.devstack.simulator.FfmpegJobs.firstPlaylist(
          io.vigil.devstack.stack.DevStackConfig.fromEnvironment(VigilCommand.root(), System.getenv()).home());
      sim.withFfmpegJob(job);
    }
    io.vigil.devstack.simulator.ControlPlane cp = controlPlaneDb == null ? null
        : new io.vigil.devstack.simulator.ControlPlane(controlPlaneDb, controlPlaneUser, controlPlanePassword);
    if (cp != null) {
      sim.withControlPlane(cp);
    }
    FleetSimulator.Counts counts;
    try {
      counts = sim.run(Duration.ofSeconds(durationS));
    } finally {
      if (cp != null) {
        cp.close();
      }
    }
    System.out.printf("done: sent %d, accepted %d, rejected %d, failed %d, skipped %d%n", counts.sent(),
        counts.accepted(), counts.rejected(), counts.failed(), counts.skipped());
    return counts.accepted() > 0 ? 0 : 1;
  }
}

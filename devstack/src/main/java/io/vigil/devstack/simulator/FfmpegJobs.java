package io.vigil.devstack.simulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The dev stack's FFmpeg jobs: light real-time encodes ({@code -re} lavfi testsrc, 320x240 at 25 fps, x264 ultrafast,
 * one thread) into an HLS directory per job under {@code VIGIL_HOME/hls/job-N}. The collector supervises them (it adds
 * {@code -progress pipe:1 -nostats} itself) from the YAML that {@link #collectorYaml} writes; the simulator finds a
 * job's process by its unique output path to act out {@code ffmpeg-overload} and {@code ffmpeg-crash}.
 */
public final class FfmpegJobs {
  private FfmpegJobs() {}

  /** Seconds of media per HLS segment; a keyframe every segment so the playlist advances in whole seconds. */
  public static final int SEGMENT_S = 1;

  /** One job: its name in the collector's config, the stream it feeds, and where it writes its HLS output. */
  public record Job(String name, String streamId, Path outputDir) {
    public Path playlist() {
      return outputDir.resolve("index.m3u8");
    }

    public List<String> command(String ffmpeg) {
      return List.of(ffmpeg, "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi",
          "-i", "testsrc=size=320x240:rate=25", "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency",
          "-threads", "1", "-g", "25", "-keyint_min", "25", "-sc_threshold", "0", "-f", "hls",
          "-hls_time", Integer.toString(SEGMENT_S), "-hls_list_size", "6", "-hls_flags", "delete_segments",
          playlist().toString());
    }
  }

  /** The {@code ffmpeg} to run: /usr/bin/ffmpeg, else the first on PATH; empty when FFmpeg is not installed. */
  public static Optional<Path> ffmpeg() {
    Path usual = Path.of("/usr/bin/ffmpeg");
    if (Files.isExecutable(usual)) {
      return Optional.of(usual);
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        Path p = Path.of(dir, "ffmpeg");
        if (!dir.isBlank() && Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /** The jobs' program: {@code ffmpeg} when there is one, else the stand-in written under {@code home}. */
  public static Path program(Optional<Path> ffmpeg, Path home) throws java.io.IOException {
    return ffmpeg.isPresent() ? ffmpeg.get() : writeSimulatedFfmpeg(home);
  }

  /**
   * Writes {@code home/bin/simulated-ffmpeg}, a launcher for {@link SimulatedFfmpeg} that takes FFmpeg's command line,
   * and returns its path: the jobs' program on a machine without FFmpeg. It must be one program, not
   * {@code java -cp ... Main}, because the collector inserts {@code -progress} right after the program name.
   */
  public static Path writeSimulatedFfmpeg(Path home) throws java.io.IOException {
    Path classes;
    try {
      classes = Path.of(SimulatedFfmpeg.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new java.io.IOException("where the dev stack's classes are: " + e.getMessage(), e);
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path script = home.toAbsolutePath().resolve("bin").resolve("simulated-ffmpeg");
    Files.createDirectories(script.getParent());
    // A small, single-compiler JVM: it only prints a few lines a second.
    Files.writeString(script, "#!/bin/sh\n# Written by the dev stack: FFmpeg is not installed here.\nexec "
        + shellQuote(java.toString()) + " -Xmx16m -Xss256k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "
        + shellQuote(classes.toString()) + " " + SimulatedFfmpeg.class.getName() + " \"$@\"\n");
    if (!script.toFile().setExecutable(true)) {
      throw new java.io.IOException("cannot make " + script + " executable");
    }
    return script;
  }

  private static String shellQuote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** {@code m} jobs under {@code home/hls}: sim-ffmpeg-0 feeding stream sim-ingest-0, and so on. */
  public static List<Job> plan(Path home, int m) {
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      jobs.add(new Job("sim-ffmpeg-" + i, "sim-ingest-" + i, home.toAbsolutePath().resolve("hls").resolve("job-" + i)));
    }
    return List.copyOf(jobs);
  }

  /** The first job's playlist under this home: the one the FFmpeg scenarios act on. */
  public static Path firstPlaylist(Path home) {
    return plan(home, 1).get(0).playlist();
  }

  /**
   * A collector config holding only the {@code ffmpeg:} list: every other setting comes from the environment the dev
   * stack passes (which takes precedence over the YAML anyway, see the collector's AgentConfig).
   */
  public static String collectorYaml(List<Job> jobs, String ffmpeg, int stallAfterS) {
    StringBuilder y = new StringBuilder("# Written by the dev stack on every start; node, Kafka, tokens and spool come "
        + "from the environment.\n");
    if (jobs.isEmpty()) {
      return y.append("ffmpeg: []\n").toString();
    }
    y.append("ffmpeg:\n");
    for (Job j : jobs) {
      y.append("  - name: ").append(j.name()).append('\n')
          .append("    stream_id: ").append(j.streamId()).append('\n')
          .append("    mode: supervised\n")
          .append("    progress: pipe\n")
          .append("    stall_after_s: ").append(stallAfterS).append('\n')
          .append("    command: [");
      List<String> cmd = j.command(ffmpeg);
      for (int i = 0; i < cmd.size(); i++) {
        y.append(i == 0 ? "" : ", ").append(quote(cmd.get(i)));
      }
      y.append("]\n");
    }
    return y.toString();
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}

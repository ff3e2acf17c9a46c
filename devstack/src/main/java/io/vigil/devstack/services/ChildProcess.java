package io.vigil.devstack.services;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A JVM the dev stack started, with its log file; stopped with SIGTERM so it can shut down cleanly. */
public final class ChildProcess {
  private final String name;
  private final Process process;
  private final Path log;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * The JVM option writing a process's GC pauses to {@code logs/<name>-gc.log} (two files of at most 5 MB): a stall
   * that shows as latency or lag is then either in there or not.
   */
  public static String gcLog(Path logs, String name) {
    return "-Xlog:gc:file=" + logs.resolve(name + "-gc.log") + ":uptime,time:filecount=2,filesize=5m";
  }

  /** Starts {@code java [jvmArgs] -cp classpath mainClass args} with extra environment, output to {@code log}. */
  public static ChildProcess startJava(String name, List<String> jvmArgs, String classpath, String mainClass,
                                       List<String> args, Map<String, String> env, Path log) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(mainClass);
    cmd.addAll(args);
    Files.createDirectories(log.getParent());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    return new ChildProcess(name, pb.start(), log);
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /** The last lines of its log, to show when it failed to start. */
  public String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log at " + log + ")";
    }
  }

  /** Waits for the process to end and returns its exit code; fails if it is still running after {@code timeout}. */
  public int waitForExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      stop(Duration.ofSeconds(1));
      throw new IllegalStateException(name + " did not finish within " + timeout.toSeconds() + " s; see " + log);
    }
    return process.exitValue();
  }

  /** SIGTERM, then SIGKILL after the grace period. */
  public void stop(Duration grace) {
    if (!process.isAlive()) {
      return;
    }
    // Processes the service started (e.g. the collector's supervised FFmpeg jobs) must not outlive a forced stop.
    java.util.List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  /** The classpath of a reactor module: its classes plus the runtime classpath Maven wrote at package time. */
  public static String moduleClasspath(Path root, String module) throws IOException {
    Path classes = root.resolve(module).resolve("target/classes");
    Path cp = root.resolve(module).resolve("target/classpath.txt");
    if (!Files.isDirectory(classes) || !Files.exists(cp)) {
      throw new IOException(module + " is not built (no " + classes + " or " + cp + "): run `mvn install -DskipTests`");
    }
    return classes + File.pathSeparator + Files.readString(cp).trim();
  }
}

package io.vigil.collectors.ffmpeg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads /proc for a pid (the I/O edge of {@link ProcParser}); empty when the process is gone. */
public final class ProcReader {
  /** USER_HZ: 100 on every mainstream Linux build; /proc ticks are in this unit. */
  public static final long CLK_TCK = 100;

  private final Path proc;

  public ProcReader() {
    this(Path.of("/proc"));
  }

  public ProcReader(Path proc) {
    this.proc = proc;
  }

  public Optional<ProcSample> sample(long pid) {
    try {
      String stat = Files.readString(proc.resolve(pid + "/stat"));
      String status = Files.readString(proc.resolve(pid + "/status"));
      return Optional.of(ProcParser.parse(stat, status));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  public double systemUptimeS() {
    try {
      return Double.parseDouble(Files.readString(proc.resolve("uptime")).trim().split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}

package io.vigil.collectors.ffmpeg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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

  /** Only /proc/<pid>/stat (cheap, for frequent liveness checks); empty when the process is gone. */
  public Optional<ProcSample> stat(long pid) {
    try {
      return Optional.of(ProcParser.parse(Files.readString(proc.resolve(pid + "/stat")), null));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The pid named by a pid file; empty when the file is missing or holds no pid. */
  public Optional<Long> pidFromFile(Path pidFile) {
    try {
      return Optional.ofNullable(ProcParser.pidFile(Files.readString(pidFile)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** A live process and its command line. */
  public record Cmdline(long pid, String cmdline) {}

  /** Every process whose space-joined command line matches {@code regex} (find, not full match), except {@code self}. */
  public List<Cmdline> findByCmdline(Pattern regex, long self) {
    List<Cmdline> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(proc)) {
      for (Path d : (Iterable<Path>) dirs::iterator) {
        String name = d.getFileName().toString();
        if (!name.matches("[0-9]+") || Long.parseLong(name) == self) {
          continue;
        }
        try {
          String cmd = ProcParser.cmdline(Files.readAllBytes(d.resolve("cmdline")));
          if (!cmd.isEmpty() && regex.matcher(cmd).find()) {
            out.add(new Cmdline(Long.parseLong(name), cmd));
          }
        } catch (IOException | RuntimeException e) {
          // gone meanwhile, or not ours to read
        }
      }
    } catch (IOException e) {
      return List.of();
    }
    return out;
  }
}

package io.vigil.collectors.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.stream.Stream;

/** Disk use of a recordings directory: used/free MB, segment count and oldest segment age. */
public final class RecordingsScan {
  /** The result of one scan. */
  public record Result(double usedMb, double freeMb, long segments, Double oldestAgeS) {}

  private RecordingsScan() {}

  public static Result scan(Path dir, Instant now) throws IOException {
    long bytes = 0;
    long count = 0;
    Instant oldest = null;
    try (Stream<Path> files = Files.walk(dir, 8)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        BasicFileAttributes a;
        try {
          a = Files.readAttributes(p, BasicFileAttributes.class);
        } catch (IOException e) {
          continue; // deleted while scanning (rotation): skip
        }
        if (a.isRegularFile()) {
          bytes += a.size();
          count++;
          Instant m = a.lastModifiedTime().toInstant();
          oldest = oldest == null || m.isBefore(oldest) ? m : oldest;
        }
      }
    }
    double free = Files.getFileStore(dir).getUsableSpace() / 1048576.0;
    return new Result(bytes / 1048576.0, free, count,
        oldest == null ? null : Math.max(0, (now.toEpochMilli() - oldest.toEpochMilli()) / 1000.0));
  }
}

package io.vigil.testkit.programs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need a Debian program (ffmpeg, chromium, prometheus, alertmanager) call {@link #require}: where it is
 * missing the test is skipped with a clear message, except under {@code CI=true}, where it fails, because CI installs it.
 */
public final class RequiredProgram {
  private RequiredProgram() {}

  /** The program's path; skips (or fails under CI) when it is not installed. */
  public static Path require(String program, String debianPackage) {
    Optional<Path> found = find(program);
    if (found.isPresent()) {
      return found.get();
    }
    String message = program + " is not installed: `apt-get install " + debianPackage + "` (.ci/run installs it)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("CI=true but " + message);
    }
    Assumptions.assumeTrue(false, "skipped: " + message);
    throw new IllegalStateException("unreachable");
  }

  public static Optional<Path> find(String program) {
    if (program.contains("/")) {
      Path p = Path.of(program);
      return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : (path + ":/usr/sbin:/sbin:/usr/bin").split(":")) {
      Path p = Path.of(dir, program);
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}

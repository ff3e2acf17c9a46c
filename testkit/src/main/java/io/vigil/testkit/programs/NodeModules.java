package io.vigil.testkit.programs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** npm packages a browser test drives (playwright-core), installed from the committed lock file on first use. */
public final class NodeModules {
  private NodeModules() {}

  /**
   * Runs {@code npm ci} in {@code dir} unless {@code node_modules/<pkg>} is already there. Skips (or fails under
   * {@code CI=true}) like any other missing program when npm is not installed.
   */
  public static void ensure(Path dir, String pkg) throws Exception {
    if (Files.isDirectory(dir.resolve("node_modules").resolve(pkg))) {
      return;
    }
    Path npm = RequiredProgram.require("npm", "npm");
    Process p = new ProcessBuilder(npm.toString(), "ci", "--no-audit", "--no-fund").directory(dir.toFile())
        .inheritIO().start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("npm ci in " + dir + " did not finish within 120 s");
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException("npm ci in " + dir + " failed with exit code " + p.exitValue());
    }
  }
}

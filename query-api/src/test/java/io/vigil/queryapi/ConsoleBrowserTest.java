package io.vigil.queryapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.vigil.queryapi.support.Seed;
import io.vigil.queryapi.support.TestEnv;
import io.vigil.queryapi.support.Tokens;
import io.vigil.testkit.programs.NodeModules;
import io.vigil.testkit.programs.RequiredProgram;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The operator console in real headless Chromium (playwright-core from src/test/js). */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest implements TestPropertyProvider {
  static final String T = "acme-c";
  static final Path JS = Path.of("src/test/js");

  @Inject
  EmbeddedServer server;

  @Override
  public Map<String, String> getProperties() {
    return TestEnv.properties();
  }

  @Test
  void pageShowsStreamsChartAndNewAlertsWithinFiveSeconds() throws Exception {
    Path chromium = RequiredProgram.require("chromium", "chromium");
    Path node = RequiredProgram.require("node", "nodejs");
    NodeModules.ensure(JS, "playwright-core");
    Instant now = Instant.now();
    Seed.stream(T, "c-stream", "live", now.minusSeconds(3600));
    for (int i = 0; i < 30; i++) {
      Seed.sample(T, "c-stream", "p1", "node-c", now.minusSeconds(1800 - i * 60L), i % 7, 10 + i, 100, 4.3 - i * 0.03);
    }
    Seed.health(T, "node-c", "ffmpeg", "777", "c-stream", "running", now.minusSeconds(3), 40.0, 1.0, "{}", null, null);
    String fingerprint = "fp-console-" + UUID.randomUUID();
    Path shot = Path.of("target/console-screenshot.png");
    Files.deleteIfExists(shot);
    Process p = new ProcessBuilder(node.toString(), "console-test.mjs", server.getURL().toString(),
        Tokens.operator(T), chromium.toString(), shot.toAbsolutePath().toString(), fingerprint)
        .directory(JS.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Writer in = p.outputWriter()) {
      assertThat(out.readLine()).isEqualTo("READY");
      Seed.alert(T, fingerprint, "firing", "c-stream");
      in.write("GO\n");
      in.flush();
      String result = out.readLine();
      assertThat(result).as("alert shown within 5 s, with a silence button").startsWith("OK ").endsWith(" 1");
    } finally {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    assertThat(p.exitValue()).isZero();
    assertThat(Files.size(shot)).isGreaterThan(10_000);
  }
}

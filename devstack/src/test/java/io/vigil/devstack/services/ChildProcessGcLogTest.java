package io.vigil.devstack.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessGcLogTest {
  /** Runs in the child: one explicit collection, so the GC log has a pause to show. */
  public static final class CollectOnce {
    public static void main(String[] args) {
      System.gc();
    }
  }

  @Test
  void aChildStartedWithTheGcOptionLogsItsPausesNextToItsLog(@TempDir Path logs) throws Exception {
    ChildProcess p = ChildProcess.startJava("gc-probe", List.of("-XX:+UseSerialGC", ChildProcess.gcLog(logs,
        "gc-probe")), System.getProperty("java.class.path"), CollectOnce.class.getName(), List.of(), Map.of(),
        logs.resolve("gc-probe.log"));

    assertThat(p.waitForExit(Duration.ofSeconds(60))).as(p.tail(20)).isZero();
    String gc = Files.readString(logs.resolve("gc-probe-gc.log"));
    assertThat(gc).contains("Using Serial").contains("Pause Full (System.gc())");
  }
}

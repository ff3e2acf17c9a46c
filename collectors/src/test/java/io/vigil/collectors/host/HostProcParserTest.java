package io.vigil.collectors.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostProcParserTest {
  @Test
  void cpuPercentFromTwoProcStatReadings() {
    var a = HostProcParser.cpu("cpu  100 0 100 700 100 0 0 0 0 0\ncpu0 1 2 3 4\n");
    var b = HostProcParser.cpu("cpu  200 0 200 1250 150 0 0 0 0 0\n");
    // busy 200 of 800 jiffies
    assertThat(HostProcParser.cpuPct(a, b)).isEqualTo(25.0);
    assertThat(HostProcParser.cpuPct(b, a)).isNull();
  }

  @Test
  void meminfoAndNetDev() {
    var m = HostProcParser.meminfo("MemTotal:       8000000 kB\nMemAvailable:   6000000 kB\nHugePages_Total: 0\n");
    assertThat(m).containsEntry("MemTotal", 8_000_000L).containsEntry("MemAvailable", 6_000_000L);
    String dev = """
        Inter-|   Receive                                                |  Transmit
         face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
            lo: 999999 10 0 0 0 0 0 0 999999 10 0 0 0 0 0 0
          eth0: 1000 10 0 0 0 0 0 0 2000 20 0 0 0 0 0 0
          eth1: 500 5 0 0 0 0 0 0 100 1 0 0 0 0 0 0
        """;
    assertThat(HostProcParser.netDev(dev)).isEqualTo(new HostProcParser.NetBytes(1500, 2100));
  }

  @Test
  void recordingsDirectoryCountsSegmentsAndOldestAge(@TempDir Path dir) throws Exception {
    Instant now = Instant.parse("2026-01-01T01:00:00Z");
    Files.write(dir.resolve("a.ts"), new byte[1024 * 1024]);
    Files.createDirectories(dir.resolve("sub"));
    Files.write(dir.resolve("sub/b.ts"), new byte[1024 * 1024]);
    Files.setLastModifiedTime(dir.resolve("a.ts"), FileTime.from(now.minusSeconds(600)));
    Files.setLastModifiedTime(dir.resolve("sub/b.ts"), FileTime.from(now.minusSeconds(60)));
    var r = RecordingsScan.scan(dir, now);
    assertThat(r.segments()).isEqualTo(2);
    assertThat(r.usedMb()).isEqualTo(2.0);
    assertThat(r.oldestAgeS()).isEqualTo(600.0);
    assertThat(r.freeMb()).isPositive();
  }
}

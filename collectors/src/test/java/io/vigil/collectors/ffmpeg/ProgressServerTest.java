package io.vigil.collectors.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ProgressServerTest {
  @Test
  void parsesBlocksFromAConnectionAndANewConnectionSupersedesTheOld() throws Exception {
    List<ProgressBlock> got = new CopyOnWriteArrayList<>();
    try (ProgressServer server = new ProgressServer("t", 0, got::add)) {
      assertThat(server.url()).isEqualTo("tcp://127.0.0.1:" + server.port());
      String realtime = FfmpegParsersTest.text("ffmpeg-progress-realtime.txt");
      try (Socket first = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
        first.getOutputStream().write(realtime.getBytes(StandardCharsets.UTF_8));
        first.getOutputStream().flush();
        await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 41);
        assertThat(got.get(40).end()).isTrue();
        assertThat(got.get(39).speed()).isBetween(0.9, 1.1);
        // a restarted ffmpeg connects anew; late lines of the old connection no longer count
        try (Socket second = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
          await().atMost(Duration.ofSeconds(5)).until(() -> server.connections() == 2);
          OutputStream o2 = second.getOutputStream();
          o2.write("frame=7\nfps=25.0\nspeed=1.01x\nprogress=continue\n".getBytes(StandardCharsets.UTF_8));
          o2.flush();
          await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 42);
          assertThat(got.get(41).frame()).isEqualTo(7L);
          try {
            first.getOutputStream().write("frame=999\nprogress=continue\n".getBytes(StandardCharsets.UTF_8));
          } catch (java.io.IOException closedByServer) {
            // the server closed the superseded connection
          }
          Thread.sleep(300);
          assertThat(got).noneMatch(b -> Long.valueOf(999).equals(b.frame()));
        }
      }
    }
  }

  @Test
  void pidFilesAndCommandLines() {
    assertThat(ProcParser.pidFile("1234\n")).isEqualTo(1234L);
    assertThat(ProcParser.pidFile("  77  \nsecond line")).isEqualTo(77L);
    assertThat(ProcParser.pidFile("")).isNull();
    assertThat(ProcParser.pidFile("abc")).isNull();
    assertThat(ProcParser.pidFile("0")).isNull();
    assertThat(ProcParser.pidFile("-5")).isNull();
    byte[] raw = "ffmpeg\0-i\0in put.ts\0-f\0null\0-\0".getBytes(StandardCharsets.UTF_8);
    assertThat(ProcParser.cmdline(raw)).isEqualTo("ffmpeg -i in put.ts -f null -");
    assertThat(ProcParser.cmdline(new byte[0])).isEmpty();
  }

  @Test
  void ownProcessIsFoundByCommandLineExceptWhenExcluded() {
    ProcReader r = new ProcReader();
    long self = ProcessHandle.current().pid();
    java.util.regex.Pattern javaRe = java.util.regex.Pattern.compile("java");
    assertThat(r.findByCmdline(javaRe, -1)).anyMatch(c -> c.pid() == self);
    assertThat(r.findByCmdline(javaRe, self)).noneMatch(c -> c.pid() == self);
    assertThat(r.pidFromFile(Path.of("/nonexistent/x.pid"))).isEmpty();
  }
}

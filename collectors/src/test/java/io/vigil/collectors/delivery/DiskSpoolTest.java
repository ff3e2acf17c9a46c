package io.vigil.collectors.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpoolTest {
  @TempDir Path dir;

  private static SpoolRecord rec(int i) {
    return new SpoolRecord("t", ("k" + i).getBytes(StandardCharsets.UTF_8),
        ("value-" + i + "-" + "x".repeat(50)).getBytes(StandardCharsets.UTF_8));
  }

  private static List<Integer> values(List<DiskSpool.Entry> entries) {
    return entries.stream().map(e -> Integer.parseInt(new String(e.record().body(), StandardCharsets.UTF_8).split("-")[1]))
        .toList();
  }

  @Test
  void readsInOrderAcrossSegmentsAndResumesAfterReopen() {
    try (DiskSpool spool = new DiskSpool(dir, 1_000_000, 500)) {
      IntStream.range(0, 100).forEach(i -> spool.append(List.of(rec(i))));
      List<DiskSpool.Entry> all = spool.read(spool.acked(), 1000);
      assertThat(values(all)).containsExactlyElementsOf(IntStream.range(0, 100).boxed().toList());
      all.subList(0, 40).forEach(e -> spool.acknowledge(e.next()));
      assertThat(spool.pending()).isEqualTo(60);
    }
    try (DiskSpool reopened = new DiskSpool(dir, 1_000_000, 500)) {
      assertThat(reopened.pending()).isEqualTo(60);
      assertThat(values(reopened.read(reopened.acked(), 1000)))
          .containsExactlyElementsOf(IntStream.range(40, 100).boxed().toList());
      reopened.append(List.of(rec(100)));
      assertThat(values(reopened.read(reopened.acked(), 1000))).endsWith(99, 100).hasSize(61);
    }
  }

  @Test
  void dropsOldestSegmentWhenFullAndCountsTheLoss() {
    try (DiskSpool spool = new DiskSpool(dir, 2_000, 500)) {
      int frame = SpoolCodec.frameSize(rec(0));
      int n = 200;
      IntStream.range(0, n).forEach(i -> spool.append(List.of(rec(i))));
      assertThat(spool.bytes()).isLessThanOrEqualTo(2_000);
      assertThat(spool.dropped()).isPositive();
      assertThat(spool.dropped() + spool.pending()).isEqualTo(n);
      List<Integer> left = values(spool.read(spool.acked(), 1000));
      // what is left is the newest records, still in order
      assertThat(left).isSorted().endsWith(n - 1).hasSize((int) spool.pending());
      assertThat(frame).isLessThan(500);
    }
  }

  @Test
  void tornTailAfterCrashIsTruncatedNotReplayedAsGarbage() throws Exception {
    try (DiskSpool spool = new DiskSpool(dir, 1_000_000, 1_000_000)) {
      spool.append(List.of(rec(1), rec(2)));
    }
    Path seg;
    try (var files = Files.list(dir)) {
      seg = files.filter(p -> p.toString().endsWith(".seg")).sorted().findFirst().orElseThrow();
    }
    // a crash in the middle of a write leaves half a frame
    Files.write(seg, new byte[] {0, 0, 0, 80, 1, 2, 3}, StandardOpenOption.APPEND);
    try (DiskSpool spool = new DiskSpool(dir, 1_000_000, 1_000_000)) {
      assertThat(values(spool.read(spool.acked(), 10))).containsExactly(1, 2);
      spool.append(List.of(rec(3)));
      assertThat(values(spool.read(spool.acked(), 10))).containsExactly(1, 2, 3);
    }
  }

  @Test
  void codecRejectsCorruptFrames() {
    var buf = java.nio.ByteBuffer.allocate(SpoolCodec.frameSize(rec(7)));
    SpoolCodec.encode(rec(7), buf);
    buf.flip();
    byte[] bytes = buf.array().clone();
    bytes[bytes.length - 1] ^= 1;
    List<Throwable> errors = new ArrayList<>();
    try {
      SpoolCodec.decode(java.nio.ByteBuffer.wrap(bytes));
    } catch (SpoolCodec.CorruptFrame e) {
      errors.add(e);
    }
    assertThat(errors).hasSize(1);
    assertThat(new String(SpoolCodec.decode(buf).body(), StandardCharsets.UTF_8)).startsWith("value-7");
  }

  @Test
  void withFsyncEveryAppendIsForcedToTheDeviceAndReadsBackTheSame() {
    try (DiskSpool spool = new DiskSpool(dir, 1_000_000, 500, true)) {
      IntStream.range(0, 30).forEach(i -> spool.append(List.of(rec(i), rec(100 + i))));
      assertThat(spool.syncs()).isEqualTo(30);
    }
    try (DiskSpool reopened = new DiskSpool(dir, 1_000_000, 500, true)) {
      assertThat(reopened.pending()).isEqualTo(60);
      assertThat(values(reopened.read(reopened.acked(), 1000))).hasSize(60).startsWith(0, 100, 1, 101);
    }
    try (DiskSpool plain = new DiskSpool(dir.resolve("plain"), 1_000_000, 500)) {
      plain.append(List.of(rec(1)));
      assertThat(plain.syncs()).isZero();
    }
  }
}

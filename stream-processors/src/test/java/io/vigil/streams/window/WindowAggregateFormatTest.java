package io.vigil.streams.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The store format: version 2 round-trips, and version 1 (the DataOutput encoding of earlier releases, still in
 * changelogs written before the upgrade) decodes into the same window.
 */
class WindowAggregateFormatTest {
  /** Decoding {@code bytes} gives the window {@code a} is: it encodes to exactly the same version-2 bytes. */
  private static void decodesTo(byte[] bytes, WindowAggregate a) {
    assertThat(WindowAggregate.fromBytes(bytes).toBytes()).isEqualTo(a.toBytes());
  }

  @Test
  void bothVersionsDecodeIntoTheSameWindow() throws IOException {
    WindowAggregate a = new WindowAggregate(10_000, 20_000, "10s",
        Map.of("stream_id", "s1", "room", "Küche ☕", "node_id", "n\u0000ul"));
    for (int i = 0; i < 50; i++) {
      a.count++;
      a.add("loss_pct", i * 0.7);
      a.add("jitter_ms", i == 3 ? null : 1000.0 / (i + 1));
      a.add("mos", 0.0);
      a.sum("packets_lost", (long) i);
    }
    a.lastStatus = "running";
    a.lastTs = 19_999;
    assertThat(a.toBytes()[0]).isEqualTo(WindowAggregate.FORMAT_V2);
    decodesTo(a.toBytes(), a);
    decodesTo(legacy(a), a);
    WindowAggregate back = WindowAggregate.fromBytes(legacy(a));
    assertThat(back.dims).isEqualTo(a.dims);
    assertThat(back.count).isEqualTo(50);
    assertThat(back.lastStatus).isEqualTo("running");
    assertThat(back.counter("packets_lost")).isEqualTo(1225L);
    assertThat(back.metric("jitter_ms").toStats()).isEqualTo(a.metric("jitter_ms").toStats());

    WindowAggregate empty = new WindowAggregate(0, 60_000, "1m", Map.of());
    decodesTo(empty.toBytes(), empty);
    decodesTo(legacy(empty), empty);
  }

  @Test
  void aWindowLargerThanTheEncodingBufferIsWrittenWhole() throws IOException {
    WindowAggregate a = new WindowAggregate(0, 60_000, "1m", Map.of("stream_id", "s".repeat(3000)));
    for (int m = 0; m < 20; m++) {
      for (int i = 1; i <= 400; i++) {
        a.add("metric_" + m, Math.pow(1.05, i)); // a wide sketch per metric: over 10 KB in all, beyond the 4 KB buffer
      }
    }
    byte[] bytes = a.toBytes();
    assertThat(bytes.length).isGreaterThan(10_000);
    decodesTo(bytes, a);
    decodesTo(legacy(a), a);
    WindowAggregate small = new WindowAggregate(0, 10_000, "10s", Map.of("room", "r"));
    assertThat(small.toBytes()).as("the next, small window after the buffer grew").hasSizeLessThan(64);
    decodesTo(legacy(small), small);
  }

  @Test
  void aDimensionSetAfterAnEncodingIsInTheNextOne() throws IOException {
    WindowAggregate a = new WindowAggregate(0, 10_000, "10s", Map.of("stream_id", "s1"));
    a.add("loss_pct", 1.0);
    byte[] first = a.toBytes();
    a.setDim("stream_name", "Lobby");
    a.add("loss_pct", 2.0);
    byte[] second = a.toBytes();
    assertThat(second).isNotEqualTo(first);
    decodesTo(second, a);
    assertThat(WindowAggregate.fromBytes(second).dims).containsEntry("stream_name", "Lobby");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.dims.put("room", "r"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void countersAreKeptInNameOrderAndMetricsInTheOrderTheyFirstHadAValue() throws IOException {
    WindowAggregate a = new WindowAggregate(0, 10_000, "10s", Map.of("stream_id", "s1"));
    a.add("rtt_ms", 30.0);
    a.add("loss_pct", 1.0);
    a.add("rtt_ms", 50.0);
    a.sum("packets_lost", 4L);
    a.max("restarts", 3L);
    a.sum("bytes", 100L);
    a.max("restarts", 1L);
    a.sum("packets_lost", 6L);
    a.sum("a_first", 1L);
    a.sum("ignored", null);

    assertThat(a.counter("packets_lost")).isEqualTo(10L);
    assertThat(a.counter("restarts")).as("max keeps the largest").isEqualTo(3L);
    assertThat(a.counter("ignored")).isNull();
    assertThat(a.metric("rtt_ms").count()).isEqualTo(2);
    assertThat(a.metric("jitter_ms")).isNull();

    WindowAggregate back = WindowAggregate.fromBytes(a.toBytes());
    assertThat(back.counters().keySet()).containsExactly("a_first", "bytes", "packets_lost", "restarts");
    assertThat(back.counters()).containsEntry("bytes", 100L).containsEntry("restarts", 3L);
    assertThat(back.metrics().keySet()).containsExactly("rtt_ms", "loss_pct");
    decodesTo(a.toBytes(), a);
    decodesTo(legacy(a), a);

    WindowAggregate into = new WindowAggregate(0, 60_000, "1m", a.dims);
    into.sumCounters(a);
    into.sumCounters(a);
    into.mergeMetrics(a);
    assertThat(into.counters()).containsEntry("packets_lost", 20L).containsEntry("a_first", 2L);
    assertThat(into.metric("rtt_ms").count()).isEqualTo(2);
  }

  /** Health windows start their counters with max: each new counter may grow the arrays. */
  @Test
  void countersStartedByMaxOrSumOnAnEmptyWindowGrowTheirArrays() {
    WindowAggregate health = new WindowAggregate(0, 60_000, "1m", Map.of("node_id", "n1"));
    health.max("restarts", 2L);
    health.max("drop_frames", 7L);
    health.max("zeta", 1L);
    health.max("restarts", 1L);
    health.sum("alpha", 5L);
    assertThat(health.counters()).containsExactly(Map.entry("alpha", 5L), Map.entry("drop_frames", 7L),
        Map.entry("restarts", 2L), Map.entry("zeta", 1L));
    WindowAggregate quality = new WindowAggregate(0, 10_000, "10s", Map.of());
    quality.sum("packets_lost", 3L);
    assertThat(quality.counter("packets_lost")).isEqualTo(3L);
    decodesTo(health.toBytes(), health);
  }

  /** Loss values spread over orders of magnitude fill a hundred-odd sketch buckets, most of them empty or small. */
  @Test
  void version2WritesSparseSketchesInAFractionOfVersion1() throws IOException {
    WindowAggregate a = new WindowAggregate(0, 10_000, "10s", Map.of("stream_id", "s1", "track_id", "mic"));
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 10; i++) {
      a.count++;
      a.add("loss_pct", 0.4 * random.nextDouble());
      a.add("jitter_ms", 4 * (0.85 + 0.3 * random.nextDouble()));
      a.add("bitrate_kbps", i % 2 == 0 ? 48.0 : 1100.0);
    }
    int v1 = legacy(a).length;
    int v2 = a.toBytes().length;
    assertThat(v2).as("version 2: %d bytes, version 1: %d", v2, v1).isLessThan(v1 / 2);
    decodesTo(legacy(a), a);
    for (String metric : new String[] {"loss_pct", "jitter_ms", "bitrate_kbps"}) {
      assertThat(WindowAggregate.fromBytes(a.toBytes()).metric(metric).toStats())
          .isEqualTo(a.metric(metric).toStats());
    }
  }

  @Test
  void aBucketCountOfAnySizeSurvivesTheVarint() {
    WindowAggregate a = new WindowAggregate(0, 60_000, "1m", Map.of());
    for (int i = 0; i < 300_000; i++) {
      a.add("fps", 30.0); // one bucket holding 300,000: a three-byte varint
    }
    a.add("fps", 25.0);
    WindowAggregate back = WindowAggregate.fromBytes(a.toBytes());
    assertThat(back.metric("fps").count()).isEqualTo(300_001);
    assertThat(back.metric("fps").toStats()).isEqualTo(a.metric("fps").toStats());
  }

  @Test
  void aStringTooLongForTheFormatIsRefused() {
    WindowAggregate a = new WindowAggregate(0, 10_000, "10s", Map.of("room", "x".repeat(70_000)));
    org.assertj.core.api.Assertions.assertThatThrownBy(a::toBytes)
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too long");
  }

  /** The encoder as it was written before (DataOutputStream). */
  private static byte[] legacy(WindowAggregate a) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeLong(a.start());
    out.writeLong(a.end());
    out.writeUTF(a.window);
    out.writeInt(a.dims.size());
    for (var e : a.dims.entrySet()) {
      out.writeUTF(e.getKey());
      out.writeUTF(e.getValue());
    }
    out.writeLong(a.count);
    out.writeInt(a.metrics().size());
    for (var e : a.metrics().entrySet()) {
      out.writeUTF(e.getKey());
      e.getValue().write(out);
    }
    out.writeInt(a.counters().size());
    for (var e : a.counters().entrySet()) {
      out.writeUTF(e.getKey());
      out.writeLong(e.getValue());
    }
    out.writeBoolean(a.lastStatus != null);
    if (a.lastStatus != null) {
      out.writeUTF(a.lastStatus);
    }
    out.writeLong(a.lastTs);
    return bytes.toByteArray();
  }
}

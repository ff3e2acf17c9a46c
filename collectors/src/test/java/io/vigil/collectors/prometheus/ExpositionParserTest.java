package io.vigil.collectors.prometheus;

import io.vigil.testkit.fixtures.Fixtures;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.schemas.avro.MetricKind;
import io.vigil.schemas.avro.MetricSample;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ExpositionParserTest {
  static String fixture() throws Exception {
    return Fixtures.text("prometheus/prom-exposition-sample.txt");
  }

  @Test
  void parsesTheWholeNodeExporterScrape() throws Exception {
    String text = fixture();
    var scrape = ExpositionParser.parse(text);
    long sampleLines = text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
    assertThat(scrape.badLines()).isZero();
    assertThat(scrape.samples()).hasSize((int) sampleLines);
    assertThat(scrape.types()).containsEntry("node_cpu_seconds_total", "counter").containsEntry("node_load1", "gauge");
    List<MetricSample> load = ScrapeMapper.map(scrape, List.of("node_load"), "host-exporter", "n", "default",
        new AtomicLong()::incrementAndGet, Instant.EPOCH);
    assertThat(load).extracting(MetricSample::getName).containsExactlyInAnyOrder("node_load1", "node_load5", "node_load15");
    assertThat(load).allSatisfy(m -> assertThat(m.getKind()).isEqualTo(MetricKind.gauge));
    List<MetricSample> cpu = ScrapeMapper.map(scrape, List.of("node_cpu_seconds"), "h", "n", "default",
        new AtomicLong()::incrementAndGet, Instant.EPOCH);
    assertThat(cpu).isNotEmpty().allSatisfy(m -> {
      assertThat(m.getKind()).isEqualTo(MetricKind.counter);
      assertThat(m.getLabels()).containsKeys("cpu", "mode");
    });
  }

  @Test
  void histogramsEscapesAndOpenMetrics() {
    String text = """
        # TYPE livekit_forward_latency histogram
        livekit_forward_latency_bucket{kind="audio",le="0.01"} 3
        livekit_forward_latency_bucket{kind="audio",le="0.1"} 7
        livekit_forward_latency_bucket{kind="audio",le="+Inf"} 9
        livekit_forward_latency_sum{kind="audio"} 0.42
        livekit_forward_latency_count{kind="audio"} 9
        # TYPE livekit_room_total gauge
        livekit_room_total{node="a \\"quoted\\" \\\\ name",x="1"} 4 1700000000000
        livekit_nan_thing NaN
        this is not a metric line
        # EOF
        """;
    var scrape = ExpositionParser.parse(text);
    assertThat(scrape.badLines()).isEqualTo(1);
    List<MetricSample> out = ScrapeMapper.map(scrape, List.of("livekit_"), "livekit", "n", "default",
        new AtomicLong()::incrementAndGet, Instant.EPOCH);
    assertThat(out).extracting(MetricSample::getName).containsExactly("livekit_room_total", "livekit_forward_latency");
    assertThat(out.get(0).getLabels()).containsEntry("node", "a \"quoted\" \\ name");
    MetricSample h = out.get(1);
    assertThat(h.getKind()).isEqualTo(MetricKind.histogram);
    assertThat(h.getCount()).isEqualTo(9L);
    assertThat(h.getValue()).isEqualTo(0.42);
    assertThat(h.getBuckets()).hasSize(3);
    assertThat(h.getBuckets().get(2).getLe()).isInfinite();
    assertThat(h.getLabels()).containsEntry("kind", "audio").doesNotContainKey("le");
  }
}

package io.vigil.collectors.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.vigil.schemas.avro.MetricSample;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class PrometheusScraperTest {
  @Test
  void scrapesAnEndpointWithTheShippedLivekitMapping() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] body = """
        # TYPE livekit_room_total gauge
        livekit_room_total{node_id="n1"} 3
        # TYPE livekit_participant_total gauge
        livekit_participant_total{node_id="n1"} 12
        # TYPE go_goroutines gauge
        go_goroutines 50
        """.getBytes(StandardCharsets.UTF_8);
    server.createContext("/metrics", ex -> {
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    try {
      var mapping = ScrapeSources.loadMapping("livekit");
      @SuppressWarnings("unchecked")
      List<String> families = (List<String>) mapping.get("families");
      List<MetricSample> got = new ArrayList<>();
      var scraper = new PrometheusScraper(new PrometheusScraper.Target("http://127.0.0.1:" + server.getAddress().getPort()
          + "/metrics", Duration.ofSeconds(5), "livekit", families),
          (List<? extends SpecificRecord> rs) -> rs.forEach(r -> got.add((MetricSample) r)), new AtomicLong(), "n", "default");
      assertThat(scraper.scrapeOnce()).isEqualTo(2);
      assertThat(got).extracting(MetricSample::getName).containsExactly("livekit_room_total", "livekit_participant_total");
      assertThat(got).allSatisfy(m -> assertThat(m.getSource()).isEqualTo("livekit"));
      var down = new PrometheusScraper(new PrometheusScraper.Target("http://127.0.0.1:1/metrics", Duration.ofSeconds(1),
          "x", families), rs -> { }, new AtomicLong(), "n", "default");
      assertThat(down.scrapeOnce()).isZero();
      assertThat(down.failures()).isEqualTo(1);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void shippedLivekitFieldsBecomeOneSfuHealthSamplePerNode() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] body = """
        # TYPE livekit_track_published_total gauge
        livekit_track_published_total{node_id="ND_a",kind="audio"} 3
        livekit_track_published_total{node_id="ND_a",kind="video"} 2
        # TYPE livekit_track_subscribed_total gauge
        livekit_track_subscribed_total{node_id="ND_a",kind="audio"} 9
        livekit_track_subscribed_total{node_id="ND_a",kind="video"} 6
        # TYPE livekit_room_total gauge
        livekit_room_total{node_id="ND_a"} 1
        # TYPE process_resident_memory_bytes gauge
        process_resident_memory_bytes 2.097152e+08
        """.getBytes(StandardCharsets.UTF_8);
    server.createContext("/metrics", ex -> {
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    try {
      var mapping = ScrapeSources.loadMapping("livekit");
      @SuppressWarnings("unchecked")
      List<String> families = (List<String>) mapping.get("families");
      List<SpecificRecord> got = new ArrayList<>();
      var scraper = new PrometheusScraper(new PrometheusScraper.Target("http://127.0.0.1:" + server.getAddress().getPort()
          + "/metrics", Duration.ofSeconds(5), "livekit", families, FieldMapping.parse(mapping.get("fields"))),
          got::addAll, new AtomicLong(), "n", "default");
      scraper.scrapeOnce();
      List<io.vigil.schemas.avro.HealthSample> health = got.stream()
          .filter(io.vigil.schemas.avro.HealthSample.class::isInstance).map(io.vigil.schemas.avro.HealthSample.class::cast)
          .toList();
      assertThat(got).filteredOn(MetricSample.class::isInstance).hasSize(5); // the families are still forwarded
      var node = health.stream().filter(h -> h.getInstance().equals("ND_a")).findFirst().orElseThrow();
      assertThat(node.getProducers()).isEqualTo(5); // audio + video
      assertThat(node.getConsumers()).isEqualTo(15);
      assertThat(node.getExtra()).containsEntry("rooms", 1.0);
      // the process collector has no node_id label: it lands on the source-named instance
      var process = health.stream().filter(h -> h.getInstance().equals("livekit")).findFirst().orElseThrow();
      assertThat(process.getRssMb()).isEqualTo(200.0);
    } finally {
      server.stop(0);
    }
  }
}

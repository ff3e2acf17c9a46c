package io.vigil.queryapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.vigil.queryapi.support.Http;
import io.vigil.queryapi.support.TestEnv;
import io.vigil.schemas.avro.Direction;
import io.vigil.schemas.avro.MediaKind;
import io.vigil.schemas.avro.QualitySample;
import io.vigil.schemas.topics.Topic;
import io.vigil.schemas.wire.SpecificAvroSerializer;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.programs.RequiredProgram;
import io.vigil.testkit.registry.TestRegistry;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MediaMetricsScrapeTest implements TestPropertyProvider {
  @Inject
  EmbeddedServer server;

  @Override
  public Map<String, String> getProperties() {
    KafkaBroker broker = KafkaBroker.shared();
    broker.createTopics(Topic.QUALITY.topicName());
    Map<String, String> p = TestEnv.properties();
    p.put("vigil.kafka.bootstrap", broker.bootstrapServers());
    p.put("vigil.schema-registry.url", TestRegistry.url());
    p.put("vigil.media-metrics.enabled", "true");
    p.put("vigil.media-metrics.group-id", "media-test-" + UUID.randomUUID());
    return p;
  }

  @Test
  void qualityStreamFeedsHistogramsAndRealPrometheusScrapesThem(@TempDir Path dir) throws Exception {
    Http http = new Http(server.getURL().toString());
    // The feeder starts at the latest offset: keep publishing until samples show up in the histogram.
    try (KafkaProducer<String, QualitySample> producer = producer()) {
      Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
        producer.send(new ProducerRecord<>(Topic.QUALITY.topicName(), "m-stream", sample(7.5))).get();
        producer.send(new ProducerRecord<>(Topic.QUALITY.topicName(), "m-stream", sample(1.0))).get();
        return http.get("/metrics", null).body().contains("stream_audio_packet_loss_percent_count");
      });
    }
    Http.Answer metrics = http.get("/metrics", null);
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body()).contains("stream_audio_packet_loss_percent_bucket{le=\"5.0\"}")
        .contains("stream_audio_jitter_ms_bucket").contains("stream_network_rtt_ms_bucket")
        .contains("stream_audio_bitrate_kbps_bucket").contains("vigil_dlq_records")
        .contains("vigil_api_quality_consumer_lag").contains("http_server_requests_seconds");

    Path prometheus = RequiredProgram.require("prometheus", "prometheus");
    int port = freePort();
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, """
        global:
          scrape_interval: 1s
        scrape_configs:
          - job_name: vigil-query-api
            metrics_path: /metrics
            static_configs:
              - targets: ['127.0.0.1:%d']
        """.formatted(server.getPort()));
    Process p = new ProcessBuilder(prometheus.toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    try {
      String api = "http://127.0.0.1:" + port + "/api/v1/query?query=";
      Awaitility.await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
          .ignoreExceptions().until(() -> value(api + enc("up{job=\"vigil-query-api\"}")) == 1.0);
      Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
          .ignoreExceptions().until(() -> value(api + enc("stream_audio_packet_loss_percent_count")) >= 2.0);
    } finally {
      p.destroy();
      p.waitFor();
    }
  }

  private static double value(String url) throws IOException, InterruptedException {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode result = new ObjectMapper().readTree(r.body()).get("data").get("result");
    return result.isEmpty() ? -1 : result.get(0).get("value").get(1).asDouble();
  }

  private static String enc(String q) {
    return URLEncoder.encode(q, StandardCharsets.UTF_8);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static KafkaProducer<String, QualitySample> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
    return new KafkaProducer<>(p, new StringSerializer(), new SpecificAvroSerializer<>(TestRegistry.client()));
  }

  private static QualitySample sample(double loss) {
    return QualitySample.newBuilder().setEventId(UUID.randomUUID().toString()).setTs(Instant.now())
        .setNodeId("node-m").setCollectorSeq(1).setStreamId("m-stream").setKind(MediaKind.audio)
        .setDirection(Direction.inbound).setSource("browser").setLossPct(loss).setJitterMs(12.0).setRttMs(80.0)
        .setBitrateKbps(40.0).build();
  }
}

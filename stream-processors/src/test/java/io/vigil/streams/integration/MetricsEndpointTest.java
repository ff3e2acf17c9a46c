package io.vigil.streams.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.schemas.registry.SchemaRegistryClient;
import io.vigil.schemas.topics.Topic;
import io.vigil.schemas.wire.SpecificAvroSerializer;
import io.vigil.streams.StreamsApp;
import io.vigil.streams.config.StreamsSettings;
import io.vigil.streams.http.HealthServer;
import io.vigil.streams.testing.Samples;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.registry.TestRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * GET /metrics of a running app on the in-process broker: after a poison record and a late record, the pipeline
 * counters say so, the Kafka Streams client metrics and state are there, and every line is text exposition 0.0.4.
 */
class MetricsEndpointTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
  private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:\\\\[\\\\\"n]|[^\"\\\\\\n])*\"";
  private static final String VALUE = "(?:NaN|[+-]?Inf|[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)";
  private static final Pattern SAMPLE = Pattern.compile(
      "(" + NAME + ")(?:\\{(" + LABEL + "(?:," + LABEL + ")*,?)?\\})? (" + VALUE + ")(?: -?\\d+)?");
  private static final Pattern HELP = Pattern.compile("# HELP " + NAME + " .*");
  private static final Pattern TYPE = Pattern.compile("# TYPE " + NAME + " (counter|gauge|histogram|summary|untyped)");

  private final KafkaBroker broker = KafkaBroker.shared();
  private final SchemaRegistryClient registry = TestRegistry.client();

  @Test
  void countersAndKafkaStreamsMetricsAreScrapedInExpositionFormat() throws Exception {
    broker.createTopics(Arrays.stream(Topic.values()).map(Topic::topicName).toArray(String[]::new));
    String stream = "metrics-it-" + System.nanoTime();
    try (StreamsApp app = app(); HealthServer status = app.startStatusServer(0)) {
      app.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> app.streams().state() == KafkaStreams.State.RUNNING);

      Instant now = Instant.now();
      var avro = new SpecificAvroSerializer<SpecificRecord>(registry);
      try (KafkaProducer<String, byte[]> producer = producer()) {
        producer.send(new ProducerRecord<>(Topic.QUALITY.topicName(), stream, "not avro".getBytes()));
        producer.send(new ProducerRecord<>(Topic.QUALITY.topicName(), stream,
            avro.serialize(Topic.QUALITY.topicName(), Samples.audio(stream, now, 1.0))));
        // ten minutes behind the stream time of its partition: every window it belongs to was already emitted
        Instant late = now.minusSeconds(600);
        producer.send(new ProducerRecord<>(Topic.QUALITY.topicName(), stream,
            avro.serialize(Topic.QUALITY.topicName(), Samples.audio(stream, late, 1.0))));
        producer.flush();
      }

      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        Map<String, Double> samples = samples(scrape(status));
        assertThat(samples).containsEntry(
            "vigil_streams_dead_letters_total{stage=\"decode\",topic=\"vigil.quality.v1\"}", 1.0);
        assertThat(samples).containsEntry("vigil_streams_late_records_total{window=\"quality\"}", 1.0);
      });

      String text = scrape(status);
      for (String line : text.split("\n")) {
        assertThat(SAMPLE.matcher(line).matches() || HELP.matcher(line).matches() || TYPE.matcher(line).matches())
            .as("exposition line: %s", line).isTrue();
      }
      Map<String, Double> samples = samples(text);
      assertThat(samples).containsEntry(
          "vigil_streams_dead_letters_total{stage=\"validate\",topic=\"vigil.quality.v1\"}", 0.0);
      assertThat(samples).containsEntry("vigil_streams_late_records_total{window=\"metrics\"}", 0.0);
      assertThat(samples).containsEntry("vigil_streams_rules_rejected_total{reason=\"invalid\"}", 0.0);
      assertThat(samples).containsEntry("vigil_streams_state{state=\"RUNNING\"}", 1.0);
      assertThat(samples).containsEntry("vigil_streams_state{state=\"ERROR\"}", 0.0);
      // produced just now and read at once: well under the stall that would make absent rules late
      assertThat(samples.get("vigil_streams_input_delay_seconds{stage=\"quality\"}")).isBetween(0.0, 30.0);
      assertThat(samples).containsEntry("vigil_streams_input_delay_seconds{stage=\"health\"}", 0.0);
      assertThat(names(samples)).contains("kafka_stream_thread_process_rate", "kafka_stream_thread_process_total",
          "kafka_stream_thread_commit_latency_avg", "kafka_consumer_fetch_manager_records_lag_max");
      double processed = samples.entrySet().stream()
          .filter(e -> e.getKey().startsWith("kafka_stream_thread_process_total{"))
          .mapToDouble(Map.Entry::getValue).sum();
      assertThat(processed).as("records processed by the stream threads").isGreaterThanOrEqualTo(2);
    }
  }

  /** Sample lines as "name{labels}" -> value. */
  private static Map<String, Double> samples(String text) {
    Map<String, Double> out = new HashMap<>();
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (m.matches()) {
        String key = m.group(1) + (m.group(2) == null ? "" : "{" + m.group(2) + "}");
        out.put(key, Double.parseDouble(m.group(3).replace("Inf", "Infinity")));
      }
    }
    return out;
  }

  private static List<String> names(Map<String, Double> samples) {
    return samples.keySet().stream().map(k -> k.contains("{") ? k.substring(0, k.indexOf('{')) : k).distinct().toList();
  }

  private static String scrape(HealthServer status) throws Exception {
    HttpResponse<String> resp = HTTP.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + status.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(resp.statusCode()).isEqualTo(200);
    assertThat(resp.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
    return resp.body();
  }

  private StreamsApp app() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("VIGIL_KAFKA_BOOTSTRAP", broker.bootstrapServers());
    env.put("VIGIL_STREAMS_APP_ID", "vigil-metrics-it-" + System.nanoTime());
    env.put("VIGIL_STREAMS_STATE_DIR", Files.createTempDirectory("vigil-metrics-it").toString());
    env.put("VIGIL_DEFAULT_RULES", "false");
    return new StreamsApp(StreamsSettings.fromEnv(env), registry, Map.of(), List.of());
  }

  private KafkaProducer<String, byte[]> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }
}

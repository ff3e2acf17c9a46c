package io.vigil.bench.collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.vigil.collectors.config.AgentConfig;
import io.vigil.collectors.delivery.KafkaDelivery;
import io.vigil.collectors.webrtc.WebRtcIntervalCalculator;
import io.vigil.schemas.topics.Topic;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.registry.TestRegistry;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Collector benchmark: samples/s from {@code POST /v1/webrtc/stats} to acknowledged Kafka writes, next to a raw
 * producer loop in the style of Kafka's ProducerPerformance sending the same number of equally sized records with the
 * same settings, in the same run against the same in-process broker; and heap held for 10,000 live tracks.
 * Prints one JSON line.
 */
public final class CollectorBench {
  static final int PARTICIPANTS = 100;
  static final int TRACKS_PER_REPORT = 100; // 100 x 100 = 10,000 live tracks
  static final int ROUNDS = Integer.getInteger("vigil.bench.rounds", 12);
  static final int CLIENTS = 4;

  public static void main(String[] args) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("stage", "collectors");
    try (KafkaBroker broker = KafkaBroker.startDedicated()) {
      broker.createTopics(Topic.QUALITY.topicName(), Topic.HEALTH.topicName(), Topic.METRICS.topicName(),
          Topic.COLLECTOR_COMMANDS.topicName(), "bench.raw");
      Path spool = Files.createTempDirectory("vigil-bench-spool");
      AgentConfig config = AgentConfig.from(Map.of(), Map.of("VIGIL_KAFKA_BOOTSTRAP", broker.bootstrapServers(),
          "VIGIL_SCHEMA_REGISTRY_URL", TestRegistry.url(), "VIGIL_SPOOL_DIR", spool.toString(), "VIGIL_NODE_ID", "bench"));
      try (ApplicationContext ctx = ApplicationContext.builder().properties(Map.of("micronaut.server.port", -1,
          "vigil.rate-limit.per-second", 1_000_000, "vigil.rate-limit.burst", 1_000_000,
          "micronaut.server.max-request-size", 16 * 1024 * 1024,
          // The bench classpath also carries the query API's micronaut-security, which would guard these endpoints.
          "micronaut.security.enabled", false)).singletons(config).start()) {
        EmbeddedServer server = ctx.getBean(EmbeddedServer.class).start();
        KafkaDelivery delivery = ctx.getBean(KafkaDelivery.class);
        HttpClient http = HttpClient.newHttpClient();
        String url = server.getURL() + "/v1/webrtc/stats";

        // Round 0 establishes the 10,000 series (no samples); warm-up round 1 is not timed.
        runRound(http, url, 0);
        runRound(http, url, 1);
        awaitDrained(delivery);
        System.gc();
        Thread.sleep(500);
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        out.put("live_tracks", ctx.getBean(WebRtcIntervalCalculator.class).trackedTracks());
        out.put("heap_used_mb_with_10k_tracks", heap.getUsed() / 1048576);
        out.put("heap_note", "whole JVM: in-process Kafka broker, registry and agent together");

        // request bodies are built before the clock starts: only the agent's work is timed
        List<List<String>> bodies = new ArrayList<>();
        for (int r = 2; r < ROUNDS + 2; r++) {
          List<String> round = new ArrayList<>();
          for (int p = 0; p < PARTICIPANTS; p++) {
            round.add(report(p, r));
          }
          bodies.add(round);
        }
        long before = delivery.stats().delivered();
        long t0 = System.nanoTime();
        for (List<String> round : bodies) {
          send(http, url, round);
        }
        double postS = (System.nanoTime() - t0) / 1e9;
        awaitDrained(delivery);
        double agentS = (System.nanoTime() - t0) / 1e9;
        long samples = delivery.stats().delivered() - before;
        double agentRate = samples / agentS;
        long spoolBytes = Files.walk(spool).filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        int recordBytes = 260; // typical wire size of a QualitySample from this load (Avro, 5-byte header)
        out.put("agent_samples", samples);
        out.put("agent_http_phase_s", Math.round(postS * 100) / 100.0);
        out.put("agent_total_s", Math.round(agentS * 100) / 100.0);
        out.put("agent_samples_per_s", Math.round(agentRate));

        double rawRate = rawProducer(broker.bootstrapServers(), (int) samples, recordBytes);
        out.put("raw_producer_records_per_s", Math.round(rawRate));
        out.put("record_bytes", recordBytes);
        out.put("ratio_agent_to_raw", Math.round(agentRate / rawRate * 100) / 100.0);
        out.put("target", "ratio >= 0.7; heap < 256 MB for 10,000 live tracks");
        out.put("spool_bytes_left", spoolBytes);
      }
    }
    System.out.println(new ObjectMapper().writeValueAsString(out));
    System.exit(0);
  }

  static void runRound(HttpClient http, String url, int round) throws Exception {
    List<String> bodies = new ArrayList<>();
    for (int p = 0; p < PARTICIPANTS; p++) {
      bodies.add(report(p, round));
    }
    send(http, url, bodies);
  }

  static void send(HttpClient http, String url, List<String> bodies) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    List<Future<Integer>> fs = new ArrayList<>();
    for (String body : bodies) {
      fs.add(pool.submit(() -> http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type",
          "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode()));
    }
    for (Future<Integer> f : fs) {
      if (f.get() != 202) {
        throw new IllegalStateException("push answered " + f.get());
      }
    }
    pool.shutdown();
  }

  static String report(int participant, int round) {
    StringBuilder sb = new StringBuilder(TRACKS_PER_REPORT * 260);
    sb.append("{\"stream_id\":\"bench-").append(participant % 10).append("\",\"participant_id\":\"p").append(participant)
        .append("\",\"stats\":[");
    double ts = 1_700_000_000_000.0 + round * 1000.0;
    for (int t = 0; t < TRACKS_PER_REPORT; t++) {
      long recv = round * 50L;
      long lost = round;
      sb.append(t == 0 ? "" : ",").append("{\"id\":\"IT").append(t).append("\",\"type\":\"inbound-rtp\",\"kind\":\"audio\",")
          .append("\"ssrc\":").append(1000 + t).append(",\"timestamp\":").append(ts).append(",\"packetsReceived\":")
          .append(recv).append(",\"packetsLost\":").append(lost).append(",\"bytesReceived\":").append(recv * 80)
          .append(",\"jitter\":0.012,\"concealedSamples\":").append(round * 10).append(",\"totalSamplesReceived\":")
          .append(round * 48_000).append(",\"jitterBufferDelay\":").append(round * 40.0)
          .append(",\"jitterBufferEmittedCount\":").append(round * 48_000).append("}");
    }
    return sb.append("]}").toString();
  }

  static void awaitDrained(KafkaDelivery d) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 120_000;
    while (d.stats().pending() > 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(5);
    }
  }

  /** ProducerPerformance-style: n records of the given size, same producer settings as the agent, until all acked. */
  static double rawProducer(String bootstrap, int n, int size) throws Exception {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    c.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    c.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    c.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
    byte[] payload = new byte[size];
    java.util.Random rnd = new java.util.Random(1);
    for (int i = 0; i < size; i++) {
      payload[i] = (byte) ('a' + rnd.nextInt(26)); // text-like, so lz4 compresses it about as well as Avro samples
    }
    AtomicLong acked = new AtomicLong();
    try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer())) {
      p.send(new ProducerRecord<>("bench.raw", payload)).get(); // connect and warm up
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        p.send(new ProducerRecord<>("bench.raw", ("bench-" + i % 10).getBytes(), payload), (md, e) -> {
          if (e == null) {
            acked.incrementAndGet();
          }
        });
      }
      p.flush();
      return acked.get() / ((System.nanoTime() - t0) / 1e9);
    }
  }
}

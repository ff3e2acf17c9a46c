package io.vigil.bench.collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.vigil.bench.cpu.ProcessCpu;
import io.vigil.collectors.config.AgentConfig;
import io.vigil.collectors.delivery.KafkaDelivery;
import io.vigil.collectors.webrtc.WebRtcIntervalCalculator;
import io.vigil.collectors.webrtc.WebRtcPush;
import io.vigil.collectors.webrtc.WebRtcPushParser;
import io.vigil.schemas.avro.QualitySample;
import io.vigil.schemas.wire.AvroEncoding;
import io.vigil.schemas.topics.Topic;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.registry.TestRegistry;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Collector benchmark: samples/s from {@code POST /v1/webrtc/stats} to acknowledged Kafka writes, next to a raw
 * producer loop in the style of Kafka's ProducerPerformance sending the same number of records (the agent's own
 * records, so the same size and compressibility) with the same settings, in the same run against the same in-process
 * broker, both timed after the same warm-up; and heap held for 10,000 live tracks. CPU per record is reported too: on
 * a shared 2-core machine it is steadier than the rates. Prints one JSON line.
 */
public final class CollectorBench {
  // 100 x 100 = 10,000 live tracks; the end-to-end bench's browsers post 20 tracks a report (500 x 20)
  static final int TRACKS_PER_REPORT = Integer.getInteger("vigil.bench.tracks-per-report", 100);
  static final int PARTICIPANTS = 10_000 / TRACKS_PER_REPORT;
  // 5 warm-up and 12 timed rounds left the JIT compiling for longer than the timed phase lasted (2.3-2.8 s of
  // compilation in 1.6-2.1 s): the figure was mostly warm-up. With these, both sides are timed over 400,000 records.
  static final int ROUNDS = Integer.getInteger("vigil.bench.rounds", 40);
  static final int WARMUP_ROUNDS = Integer.getInteger("vigil.bench.warmup-rounds", 30);
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
        PushClients http = new PushClients(URI.create(server.getURL() + "/v1/webrtc/stats"), CLIENTS);

        // Round 0 establishes the 10,000 series (no samples); the warm-up rounds after it are not timed, so the JIT has
        // compiled the push path before the clock starts (the raw producer's much shorter path warms up in its loop).
        for (int r = 0; r <= WARMUP_ROUNDS; r++) {
          runRound(http, r);
        }
        awaitDrained(delivery);
        // The raw producer's path is warmed up as much (same record count as a warm-up), so neither side is timed
        // while the JIT is still compiling the broker and client code both share.
        List<byte[]> warmRecords = agentRecords(broker.bootstrapServers(), 1_000);
        rawProducer(broker.bootstrapServers(), WARMUP_ROUNDS * PARTICIPANTS * TRACKS_PER_REPORT, warmRecords);
        System.gc();
        Thread.sleep(500);
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        out.put("live_tracks", ctx.getBean(WebRtcIntervalCalculator.class).trackedTracks());
        out.put("heap_used_mb_with_10k_tracks", heap.getUsed() / 1048576);
        out.put("heap_note", "whole JVM: in-process Kafka broker, registry and agent together");

        // request bodies are built before the clock starts: only the agent's work is timed
        List<List<byte[]>> bodies = new ArrayList<>();
        for (int r = WARMUP_ROUNDS + 1; r <= WARMUP_ROUNDS + ROUNDS; r++) {
          bodies.add(requests(http, r));
        }
        long before = delivery.stats().delivered();
        long cpu0 = ProcessCpu.selfNanos();
        long jit0 = jitMillis();
        Map<String, Long> threads0 = ThreadCpu.byGroup();
        long t0 = System.nanoTime();
        for (List<byte[]> round : bodies) {
          http.postAll(round); // a round is a report from every participant; the next round is the next report
        }
        double postS = (System.nanoTime() - t0) / 1e9;
        awaitDrained(delivery);
        http.close();
        double agentS = (System.nanoTime() - t0) / 1e9;
        double agentCpuS = (ProcessCpu.selfNanos() - cpu0) / 1e9;
        long agentJitMs = jitMillis() - jit0;
        System.err.println("agent phase CPU ms by thread group: " + ThreadCpu.topDelta(threads0, ThreadCpu.byGroup(), 12));
        long samples = delivery.stats().delivered() - before;
        double agentRate = samples / agentS;
        long spoolBytes = Files.walk(spool).filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        // The raw producer sends the agent's own records (wire format, as they are on the topic): same size and
        // compressibility as what the agent wrote.
        List<byte[]> records = agentRecords(broker.bootstrapServers(), 1_000);
        int recordBytes = (int) Math.round(records.stream().mapToInt(r -> r.length).average().orElse(0));
        out.put("agent_samples", samples);
        out.put("agent_http_phase_s", Math.round(postS * 100) / 100.0);
        out.put("agent_total_s", Math.round(agentS * 100) / 100.0);
        out.put("agent_samples_per_s", Math.round(agentRate));
        // CPU time of the whole JVM (client, agent and broker) per sample: steadier than rates on a shared machine
        out.put("agent_cpu_us_per_sample", Math.round(agentCpuS * 1e6 / samples * 10) / 10.0);

        long rawCpu0 = ProcessCpu.selfNanos();
        long rawJit0 = jitMillis();
        double rawRate = rawProducer(broker.bootstrapServers(), (int) samples, records);
        double rawCpuS = (ProcessCpu.selfNanos() - rawCpu0) / 1e9;
        long rawJitMs = jitMillis() - rawJit0;
        out.put("raw_producer_records_per_s", Math.round(rawRate));
        out.put("raw_cpu_us_per_record", Math.round(rawCpuS * 1e6 / samples * 10) / 10.0);
        out.put("jit_ms_during_agent_and_raw", List.of(agentJitMs, rawJitMs));
        out.put("record_bytes", recordBytes);
        out.put("ratio_agent_to_raw", Math.round(agentRate / rawRate * 100) / 100.0);
        double[] floor = inMemoryFloorUsPerSample(config);
        double floorUs = floor[0] + floor[1] + floor[2];
        double rawUs = rawCpuS * 1e6 / samples;
        out.put("in_memory_floor_us_per_sample", round2(floorUs));
        out.put("in_memory_floor_parse_intervals_avro_us", List.of(round2(floor[0]), round2(floor[1]), round2(floor[2])));
        out.put("ratio_ceiling_from_floor", round2(rawUs / (rawUs + floorUs)));
        out.put("floor_note", "parse + intervals + Avro body on one thread (thread CPU), no HTTP, spool or Kafka; "
            + "on a CPU-bound machine the agent's ratio cannot exceed raw / (raw + floor)");
        out.put("target", "ratio >= 0.7; heap < 256 MB for 10,000 live tracks");
        out.put("spool_bytes_left", spoolBytes);
      }
    }
    System.out.println(new ObjectMapper().writeValueAsString(out));
    System.exit(0);
  }

  /**
   * CPU per sample of the agent's in-memory work alone (what it must do beyond a raw producer's send): the push parser,
   * the interval calculator (a fresh one, fed the same rounds in order) and the Avro body, on this thread after the
   * same warm-up rounds as the agent.
   */
  static double[] inMemoryFloorUsPerSample(AgentConfig config) {
    WebRtcIntervalCalculator calculator = new WebRtcIntervalCalculator("floor");
    var threads = ManagementFactory.getThreadMXBean();
    long[] nanos = new long[3]; // parse, intervals, Avro
    long samples = 0;
    for (int r = 0; r <= WARMUP_ROUNDS + ROUNDS; r++) {
      List<byte[]> round = new ArrayList<>();
      for (int p = 0; p < PARTICIPANTS; p++) {
        round.add(report(p, r).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      if (r == WARMUP_ROUNDS + 1) {
        java.util.Arrays.fill(nanos, 0);
        samples = 0;
      }
      for (byte[] body : round) {
        long t0 = threads.getCurrentThreadCpuTime();
        WebRtcPush push = WebRtcPushParser.parse(body, Instant.now(), config.maxClockSkew());
        long t1 = threads.getCurrentThreadCpuTime();
        List<QualitySample> out = calculator.update(push.identity(), push.report(), push.ts());
        long t2 = threads.getCurrentThreadCpuTime();
        for (QualitySample q : out) {
          AvroEncoding.body(q);
        }
        long t3 = threads.getCurrentThreadCpuTime();
        nanos[0] += t1 - t0;
        nanos[1] += t2 - t1;
        nanos[2] += t3 - t2;
        samples += out.size();
      }
    }
    return new double[] {nanos[0] / 1e3 / samples, nanos[1] / 1e3 / samples, nanos[2] / 1e3 / samples};
  }

  static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }

  static void runRound(PushClients http, int round) throws Exception {
    http.postAll(requests(http, round));
  }

  static List<byte[]> requests(PushClients http, int round) {
    List<byte[]> out = new ArrayList<>();
    for (int p = 0; p < PARTICIPANTS; p++) {
      out.add(http.request(report(p, round)));
    }
    return out;
  }

  /** Time the JIT spent compiling so far (all threads), to show how much of a phase went to compilation. */
  static long jitMillis() {
    return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
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

  /** Up to {@code max} record values the agent wrote to the quality topic. */
  static List<byte[]> agentRecords(String bootstrap, int max) {
    List<byte[]> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      var partitions = c.partitionsFor(Topic.QUALITY.topicName()).stream()
          .map(i -> new org.apache.kafka.common.TopicPartition(i.topic(), i.partition())).toList();
      c.assign(partitions);
      c.seekToBeginning(partitions);
      long deadline = System.currentTimeMillis() + 30_000;
      while (out.size() < max && System.currentTimeMillis() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalStateException("no agent records to size the raw producer's records by");
    }
    return out.subList(0, Math.min(max, out.size()));
  }

  /** ProducerPerformance-style: n records cycling the given values, same producer settings as the agent, all acked. */
  static double rawProducer(String bootstrap, int n, List<byte[]> values) throws Exception {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    c.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    c.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    c.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
    byte[][] keys = new byte[10][];
    for (int k = 0; k < keys.length; k++) {
      keys[k] = ("bench-" + k).getBytes(java.nio.charset.StandardCharsets.UTF_8); // the agent's keys: stream ids
    }
    AtomicLong acked = new AtomicLong();
    try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer())) {
      p.send(new ProducerRecord<>("bench.raw", values.get(0))).get(); // connect and warm up
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        p.send(new ProducerRecord<>("bench.raw", keys[i % 10], values.get(i % values.size())), (md, e) -> {
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

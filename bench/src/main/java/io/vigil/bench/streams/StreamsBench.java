package io.vigil.bench.streams;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.bench.cpu.ProcessCpu;
import io.vigil.schemas.avro.AlertEvent;
import io.vigil.schemas.avro.AlertRule;
import io.vigil.schemas.avro.AlertStatus;
import io.vigil.schemas.avro.CompareOp;
import io.vigil.schemas.avro.Direction;
import io.vigil.schemas.avro.MediaKind;
import io.vigil.schemas.avro.QualitySample;
import io.vigil.schemas.avro.RuleSource;
import io.vigil.schemas.registry.SchemaRegistryClient;
import io.vigil.schemas.topics.Topic;
import io.vigil.schemas.wire.SpecificAvroDeserializer;
import io.vigil.schemas.wire.SpecificAvroSerializer;
import io.vigil.streams.StreamsApp;
import io.vigil.streams.config.StreamsSettings;
import io.vigil.streams.rulefiles.RuleFileParser;
import io.vigil.streams.topology.VigilTopology;
import io.vigil.streams.validate.PipelineCounters;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.registry.TestRegistry;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

/**
 * Stream processor benchmark, one JSON line on stdout: samples/s through the full topology (default pack + extra rules,
 * >= 20 active) next to a pass-through topology (validate + forward) over the same pre-produced input in the same run,
 * and sample-to-firing latency (read_committed) for an instant rule at a 10,000 samples/s background load.
 * Env: BENCH_SAMPLES (default 300000), BENCH_STREAMS (1000), BENCH_PARTITIONS (2), BENCH_PROBES (40, one each
 * 500 ms of each paced phase), BENCH_PACED_SERIES (10000: series of the second paced phase, 1 Hz each),
 * BENCH_STREAMS_PROPS (Streams config overrides for every run, "k=v,k=v", e.g. "num.stream.threads=2").
 */
public final class StreamsBench {
  static {
    // The bench builds AlertRule records itself before any serde or StreamsApp class installs Avro's trust list.
    io.vigil.schemas.wire.AvroTrust.install();
  }

  private static final String PASS_OUT = "bench.pass-through.v1";

  public static void main(String[] args) throws Exception {
    int samples = Integer.parseInt(System.getenv().getOrDefault("BENCH_SAMPLES", "300000"));
    int streams = Integer.parseInt(System.getenv().getOrDefault("BENCH_STREAMS", "1000"));
    int partitions = Integer.parseInt(System.getenv().getOrDefault("BENCH_PARTITIONS", "2"));
    int probes = Integer.parseInt(System.getenv().getOrDefault("BENCH_PROBES", "40"));
    int pacedSeries = Integer.parseInt(System.getenv().getOrDefault("BENCH_PACED_SERIES", "10000"));
    // Broker and Streams INFO logs on stdout would cost more CPU than the pipeline under test.
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    ObjectNode out = new ObjectMapper().createObjectNode();
    out.put("stage", "streams");
    try (KafkaBroker broker = KafkaBroker.startDedicated()) {
      SchemaRegistryClient registry = TestRegistry.client();
      List<String> topics = new ArrayList<>(Arrays.stream(Topic.values()).map(Topic::topicName).toList());
      topics.add(PASS_OUT);
      try (Admin admin = broker.admin()) {
        admin.createTopics(topics.stream().map(t -> new NewTopic(t, partitions, (short) 1)).toList()).all().get();
      }
      List<AlertRule> extra = extraRules();
      int activeRules = RuleFileParser.defaultPack().size() + extra.size();

      long t0 = System.nanoTime();
      produce(broker, registry, samples, streams);
      out.put("produce_s", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);

      Run passRun = run(broker, registry, "bench-pass-" + UUID.randomUUID(), samples, extra, true);
      Run fullRun = run(broker, registry, "bench-full-" + UUID.randomUUID(), samples, extra, false);
      double pass = passRun.samplesPerS();
      double full = fullRun.samplesPerS();
      out.put("samples", samples);
      out.put("series_streams", streams);
      out.put("partitions", partitions);
      out.put("active_rules", activeRules);
      out.put("pass_through_samples_per_s", Math.round(pass));
      out.put("full_topology_samples_per_s", Math.round(full));
      out.put("ratio_full_to_pass_through", Math.round(full / pass * 100) / 100.0);
      // CPU per sample is far less sensitive to other load on the machine than samples/s: compare these across runs.
      out.put("pass_through_app_cpu_us_per_sample", Math.round(passRun.appCpuUsPerSample() * 10) / 10.0);
      out.put("full_topology_app_cpu_us_per_sample", Math.round(fullRun.appCpuUsPerSample() * 10) / 10.0);
      out.put("pass_through_process_cpu_us_per_sample", Math.round(passRun.processCpuUsPerSample() * 10) / 10.0);
      out.put("full_topology_process_cpu_us_per_sample", Math.round(fullRun.processCpuUsPerSample() * 10) / 10.0);

      // The same 10,000 samples/s twice: over 1,000 series at 10 Hz (as in earlier reports), then over realistic
      // 10,000 series at 1 Hz, where each sample rewrites its windows at the next commit (no coalescing as in the
      // replay above): what the end-to-end pipeline pays per sample.
      Paced dense = latency(broker, registry, extra, probes, 1000);
      long[] latency = dense.latencies();
      out.put("firing_latency_probes", latency.length);
      out.put("firing_latency_p50_ms", percentile(latency, 0.50));
      out.put("firing_latency_p99_ms", percentile(latency, 0.99));
      out.put("background_samples_per_s", 10_000);
      out.put("background_series", 1000);
      out.put("paced_1000_series_app_cpu_us_per_sample", Math.round(dense.appCpuUsPerSample() * 10) / 10.0);
      Paced paced = latency(broker, registry, extra, probes, pacedSeries);
      long[] wide = paced.latencies();
      out.put("firing_latency_" + pacedSeries + "_series_p50_ms", percentile(wide, 0.50));
      out.put("firing_latency_" + pacedSeries + "_series_p99_ms", percentile(wide, 0.99));
      out.put("paced_" + pacedSeries + "_series_app_cpu_us_per_sample",
          Math.round(paced.appCpuUsPerSample() * 10) / 10.0);
      out.put("paced_" + pacedSeries + "_series_process_cpu_us_per_sample",
          Math.round(paced.processCpuUsPerSample() * 10) / 10.0);
      out.put("rocksdb_cache_mb", 64);
      out.put("target", ">= 50,000 samples/s and >= 0.5 of pass-through; firing p99 <= 500 ms at 10k samples/s");
      out.put("note", "2-core machine, broker in the same JVM; exactly_once_v2, commit interval 100 ms");
    }
    System.out.println(new ObjectMapper().writeValueAsString(out));
    System.exit(0);
  }

  /** Rules on top of the default pack: an instant rule for the latency probe and window rules, so >= 20 are active. */
  private static List<AlertRule> extraRules() {
    List<AlertRule> rules = new ArrayList<>();
    rules.add(AlertRule.newBuilder().setRuleId("bench-instant-loss").setName("BenchInstantLoss")
        .setSource(RuleSource.quality).setMetric("loss_pct").setOp(CompareOp.gt).setThreshold(40).build());
    String[] metrics = {"jitter_ms", "rtt_ms", "bitrate_kbps"};
    for (String m : metrics) {
      rules.add(AlertRule.newBuilder().setRuleId("bench-raw-" + m).setName("BenchRaw").setSource(RuleSource.quality)
          .setMetric(m).setOp(CompareOp.gt).setThreshold(1e7).setForS(30).build());
    }
    return rules;
  }

  private static QualitySample sample(String stream, Instant ts, double loss) {
    return QualitySample.newBuilder()
        .setEventId(UUID.randomUUID().toString()).setTs(ts).setNodeId("node-1").setCollectorSeq(0)
        .setStreamId(stream).setParticipantId("p").setTrackId("mic").setKind(MediaKind.audio)
        .setDirection(Direction.inbound).setSource("browser").setIntervalMs(1000L)
        .setLossPct(loss).setJitterMs(4.0).setRttMs(50.0).setBitrateKbps(32.0).setPacketsReceived(50L)
        .setPacketsLost(0L).build();
  }

  /** Pre-produces the input: each stream reports once per second of event time, ending near now. */
  private static void produce(KafkaBroker broker, SchemaRegistryClient registry, int samples, int streams) {
    SpecificAvroSerializer<QualitySample> ser = new SpecificAvroSerializer<>(registry);
    long seconds = samples / streams;
    long start = System.currentTimeMillis() - seconds * 1000 - 60_000;
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps(broker),
        new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < samples; i++) {
        String stream = "s" + (i % streams);
        Instant ts = Instant.ofEpochMilli(start + (long) (i / streams) * 1000);
        byte[] value = ser.serialize(Topic.QUALITY.topicName(), sample(stream, ts, 1.0));
        producer.send(new ProducerRecord<>(Topic.QUALITY.topicName(), null, ts.toEpochMilli(), stream, value));
      }
    }
  }

  private static Properties producerProps(KafkaBroker broker) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    return p;
  }

  private static Properties streamsProps(KafkaBroker broker, String appId) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("VIGIL_KAFKA_BOOTSTRAP", broker.bootstrapServers());
    env.put("VIGIL_STREAMS_APP_ID", appId);
    env.put("VIGIL_STREAMS_STATE_DIR", Files.createTempDirectory("vigil-bench").toString());
    Properties p = StreamsApp.properties(StreamsSettings.fromEnv(env));
    p.put("consumer.max.poll.records", 2000);
    // Config experiments: the same overrides apply to every run (pass-through, full, latency).
    for (String kv : System.getenv().getOrDefault("BENCH_STREAMS_PROPS", "").split(",")) {
      if (kv.contains("=")) {
        p.put(kv.substring(0, kv.indexOf('=')).trim(), kv.substring(kv.indexOf('=') + 1).trim());
      }
    }
    return p;
  }

  /**
   * One throughput run: samples/s, and CPU per sample of the app's own threads (stream threads and their clients'
   * network threads) and of the whole process (including the co-located broker).
   */
  private record Run(double samplesPerS, double appCpuUsPerSample, double processCpuUsPerSample) {}

  /** CPU nanoseconds so far of the live threads whose name contains {@code appId}. */
  private static long appCpuNanos(String appId) {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (t != null && t.getThreadName().contains(appId)) {
        sum += Math.max(0, mx.getThreadCpuTime(t.getThreadId()));
      }
    }
    return sum;
  }

  /** Samples/s from RUNNING until the group's committed offsets cover the whole input. */
  private static Run run(KafkaBroker broker, SchemaRegistryClient registry, String appId, int samples,
                            List<AlertRule> extra, boolean passThrough) throws Exception {
    Properties props = streamsProps(broker, appId);
    StreamsSettings settings = StreamsSettings.fromEnv(Map.of("VIGIL_KAFKA_BOOTSTRAP", broker.bootstrapServers()));
    List<AlertRule> rules = new ArrayList<>(RuleFileParser.defaultPack());
    rules.addAll(extra);
    Topology topology = VigilTopology.build(settings, rules, registry, new PipelineCounters(), passThrough, PASS_OUT);
    try (KafkaStreams app = new KafkaStreams(topology, props); Admin admin = broker.admin()) {
      app.start();
      while (app.state() != KafkaStreams.State.RUNNING) {
        Thread.sleep(20);
      }
      long start = System.nanoTime();
      long appCpu0 = appCpuNanos(appId);
      long processCpu0 = ProcessCpu.selfNanos();
      while (committed(admin, appId) < samples) {
        Thread.sleep(50);
        if (System.nanoTime() - start > 600e9) {
          throw new IllegalStateException("benchmark run did not finish in 10 minutes");
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Run(samples / seconds, (appCpuNanos(appId) - appCpu0) / 1e3 / samples,
          (ProcessCpu.selfNanos() - processCpu0) / 1e3 / samples);
    }
  }

  private static long committed(Admin admin, String group) throws Exception {
    return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
        .filter(e -> e.getKey().topic().equals(Topic.QUALITY.topicName()))
        .mapToLong(e -> e.getValue().offset()).sum();
  }

  /** The paced phase: firing latencies (ms, sorted), and CPU per background sample of the app and the process. */
  private record Paced(long[] latencies, double appCpuUsPerSample, double processCpuUsPerSample) {}

  /**
   * Background producer at 10,000 samples/s of healthy samples over {@code series} series; every 500 ms one probe
   * sample crossing the instant rule's threshold on a fresh series. Latency = probe send -> its firing event read with
   * read_committed.
   */
  private static Paced latency(KafkaBroker broker, SchemaRegistryClient registry, List<AlertRule> extra, int probes,
                               int series) throws Exception {
    String appId = "bench-latency-" + UUID.randomUUID();
    Properties props = streamsProps(broker, appId);
    props.put("consumer.auto.offset.reset", "latest");
    StreamsSettings settings = StreamsSettings.fromEnv(Map.of("VIGIL_KAFKA_BOOTSTRAP", broker.bootstrapServers()));
    List<AlertRule> rules = new ArrayList<>(RuleFileParser.defaultPack());
    rules.addAll(extra);
    Topology topology = VigilTopology.build(settings, rules, registry, new PipelineCounters());
    Map<String, Long> sent = new ConcurrentHashMap<>();
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean stop = new AtomicBoolean();
    SpecificAvroSerializer<QualitySample> ser = new SpecificAvroSerializer<>(registry);
    double appCpuUs;
    double processCpuUs;
    try (KafkaStreams app = new KafkaStreams(topology, props)) {
      app.start();
      while (app.state() != KafkaStreams.State.RUNNING) {
        Thread.sleep(20);
      }
      Thread reader = new Thread(() -> readFirings(broker, registry, sent, latencies, stop), "bench-alert-reader");
      reader.start();
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps(broker), new StringSerializer(),
          new ByteArraySerializer())) {
        Thread.sleep(2000); // let the reader join at the end of the alerts topic
        long begin = System.nanoTime();
        long appCpu0 = appCpuNanos(appId);
        long processCpu0 = ProcessCpu.selfNanos();
        long n = 0;
        int probe = 0;
        long nextProbe = begin + 1_000_000_000L;
        // One record rewritten per send: a record builder per sample would cost this thread more than the app under
        // test spends on it, and its CPU is part of the process figure.
        QualitySample background = sample("bg", Instant.now(), 1.0);
        while (probe < probes) {
          long now = System.nanoTime();
          long due = (now - begin) / 100_000; // 10 samples per ms = 10,000/s
          for (; n < due; n++) {
            String stream = "bg" + (n % series);
            long ts = System.currentTimeMillis();
            background.setEventId(stream + "-" + n);
            background.setStreamId(stream);
            background.setTs(Instant.ofEpochMilli(ts));
            producer.send(new ProducerRecord<>(Topic.QUALITY.topicName(), null, ts, stream,
                ser.serialize(Topic.QUALITY.topicName(), background)));
          }
          if (now >= nextProbe) {
            String stream = "probe-" + probe++;
            long ts = System.currentTimeMillis();
            byte[] value = ser.serialize(Topic.QUALITY.topicName(), sample(stream, Instant.ofEpochMilli(ts), 60.0));
            sent.put(stream, System.nanoTime());
            producer.send(new ProducerRecord<>(Topic.QUALITY.topicName(), null, ts, stream, value));
            producer.flush();
            nextProbe = now + 500_000_000L;
          }
          Thread.sleep(1);
        }
        appCpuUs = (appCpuNanos(appId) - appCpu0) / 1e3 / n;
        processCpuUs = (ProcessCpu.selfNanos() - processCpu0) / 1e3 / n;
        long wait = System.nanoTime() + 10_000_000_000L;
        while (latencies.size() < probes && System.nanoTime() < wait) {
          Thread.sleep(50);
        }
      }
      stop.set(true);
      reader.join(5000);
    }
    return new Paced(latencies.stream().mapToLong(Long::longValue).sorted().toArray(), appCpuUs, processCpuUs);
  }

  private static void readFirings(KafkaBroker broker, SchemaRegistryClient registry, Map<String, Long> sent,
                                  List<Long> latencies, AtomicBoolean stop) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<String, AlertEvent> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
        new SpecificAvroDeserializer<>(registry, AlertEvent.class))) {
      List<TopicPartition> parts = consumer.partitionsFor(Topic.ALERTS.topicName()).stream()
          .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      consumer.assign(parts);
      consumer.seekToEnd(parts);
      while (!stop.get()) {
        for (var r : consumer.poll(Duration.ofMillis(20))) {
          AlertEvent e = r.value();
          if (e.getStatus() != AlertStatus.firing || !"bench-instant-loss".equals(e.getRuleId())) {
            continue;
          }
          Long at = sent.remove(e.getLabels().getOrDefault("stream_id", ""));
          if (at != null) {
            latencies.add((System.nanoTime() - at) / 1_000_000);
          }
        }
      }
    }
  }

  private static long percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return -1;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }
}

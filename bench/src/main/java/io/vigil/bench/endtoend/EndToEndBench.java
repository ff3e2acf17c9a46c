package io.vigil.bench.endtoend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.bench.cpu.ProcessCpu;
import io.vigil.bench.proc.GcPauses;
import io.vigil.bench.proc.ProcessMemory;
import io.vigil.bench.http.KeepAliveClient;
import io.vigil.bench.report.MachineFacts;
import io.vigil.devstack.auth.DevTokens;
import io.vigil.devstack.database.LocalDatabase;
import io.vigil.devstack.services.ServiceCatalog;
import io.vigil.devstack.services.ServiceSpec;
import io.vigil.devstack.stack.DevStack;
import io.vigil.devstack.stack.DevStackConfig;
import io.vigil.schemas.avro.Direction;
import io.vigil.schemas.avro.MediaKind;
import io.vigil.schemas.avro.QualitySample;
import io.vigil.schemas.registry.RestSchemaRegistryClient;
import io.vigil.schemas.topics.Topic;
import io.vigil.schemas.wire.SpecificAvroSerializer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * End-to-end benchmark on the real dev stack (own Kafka broker process, embedded PostgreSQL, dev registry, local alert
 * receiver, every service as its own JVM), all on this machine: W3C getStats reports over HTTP to the collector ->
 * vigil.quality.v1 -> Kafka Streams (vigil-streams) and the sink (vigil-sink) -> PostgreSQL; alerts -> alerting ->
 * webhook on the local receiver.
 *
 * <p>Load: worker threads post one report per simulated participant per second, each report carrying
 * {@value #TRACKS_PER_REPORT} inbound tracks (the receive side of a participant in an 11-person room), ramped in
 * steps of offered samples/s. Per step (its measured part, after settling): offered/accepted reports and samples per
 * second, records/s into vigil.quality.v1 (end offsets), consumed/s and lag of both consumer groups (sampled every
 * 5 s), sink rows/s (PostgreSQL's insert count of quality_samples), and whether lag stayed bounded; GC pauses of every
 * stack JVM during the hold (their GC logs). Latency: an instant rule created through the query API (CDC ->
 * vigil.alert-rules.v1 -> streams), probe participants (one room each) whose loss jumps to {@value #PROBE_LOSS_PCT} %
 * in one report; latency = that report's POST -> the firing webhook's arrival at the receiver. Peer in the same run:
 * raw producer throughput of the same QualitySamples to Kafka.
 *
 * <p>Schedule ({@link Schedule}; system property or env): steps {@code VIGIL_BENCH_E2E_STEPS} (default
 * 2000,5000,10000,20000 samples/s), each ramp step {@code VIGIL_BENCH_E2E_STEP_SECONDS} (default 60, measured over its
 * second half), and the last rate held for {@code VIGIL_BENCH_E2E_HOLD_SECONDS} (default 300) after the same settling
 * time: the target is judged over that whole hold.
 */
public final class EndToEndBench {
  static final ObjectMapper JSON = new ObjectMapper();
  static final int TRACKS_PER_REPORT = 20;
  static final double PROBE_LOSS_PCT = 20;
  static final String RULE_ID = "e2e-bench-instant-loss";
  static final String RULE_NAME = "E2eBenchInstantLoss";
  static final double RULE_THRESHOLD = 15;
  static final int WORKERS = 24;
  static final String PEER_TOPIC = "bench.e2e.raw-peer";
  static final long START = System.nanoTime();

  private EndToEndBench() {}

  public static void main(String[] args) throws Exception {
    // The receiver runs in this JVM: without TCP_NODELAY it adds Nagle + delayed-ACK stalls real receivers do not.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    Schedule schedule = Schedule.parse(setting("VIGIL_BENCH_E2E_STEPS", "2000,5000,10000,20000"),
        setting("VIGIL_BENCH_E2E_STEP_SECONDS", "60"), setting("VIGIL_BENCH_E2E_HOLD_SECONDS", "300"));
    Path root = root();
    Path home = Files.createTempDirectory("vigil-e2e-bench-");
    Map<String, String> env = new HashMap<>();
    env.put("VIGIL_HOME", home.toString());
    env.putAll(DevStackConfig.freePorts());
    System.getenv().forEach((k, v) -> {
      if (k.startsWith("VIGIL_") && k.endsWith("_HEAP")) {
        env.put(k, v); // service heap experiments, e.g. VIGIL_STREAMS_HEAP=768m
      }
    });
    for (String passed : List.of("VIGIL_PARTITIONS", "VIGIL_HISTORY_CPU_SHARES")) {
      String v = System.getenv(passed);
      if (v != null) {
        env.put(passed, v); // e.g. VIGIL_HISTORY_CPU_SHARES=0 to compare with an equally shared machine
      }
    }
    DevStackConfig config = DevStackConfig.fromEnvironment(root, env);
    writeAlertingConfig(config);
    DevTokens tokens = DevTokens.forHome(config.home());
    List<ServiceSpec> services = withoutCollectorRateLimit(ServiceCatalog.defaults(config, tokens.secret()));
    List<String> notBuilt = services.stream().filter(s -> !s.isBuilt(root)).map(ServiceSpec::name).toList();
    if (!notBuilt.isEmpty()) {
      throw new IllegalStateException("services not built (mvn install -DskipTests): " + notBuilt);
    }

    ObjectNode out = JSON.createObjectNode();
    out.put("stage", "end-to-end");
    out.put("history_cpu_shares", config.historyCpuShares());
    boolean ok = false;
    try (DevStack stack = new DevStack(config, System.out, services)) {
      long t = System.nanoTime();
      stack.up();
      out.put("stack_up_s", round1((System.nanoTime() - t) / 1e9));
      new Run(config, tokens, schedule, out, processes(stack.state(), config.home().resolve("postgres")))
          .run();
      ok = true;
    } catch (Exception e) {
      log("FAILED: %s", e);
      e.printStackTrace();
      out.put("error", String.valueOf(e));
    } finally {
      if (ok) {
        deleteTree(home);
      } else {
        log("stack directory kept for its logs: %s", home);
      }
    }
    out.set("machine", JSON.valueToTree(MachineFacts.collect()));
    System.out.println(JSON.writeValueAsString(out));
    System.out.flush();
    System.exit(ok ? 0 : 1);
  }

  // ---------------------------------------------------------------------------------------------------------------

  static final Path PROC = Path.of("/proc");

  static ObjectNode memory(ProcessMemory.Usage u) {
    ObjectNode m = JSON.createObjectNode();
    m.put("pss_mb_total", Math.round(u.totalPssMb()));
    m.put("rss_mb_total", Math.round(u.totalRssMb()));
    m.set("pss_mb_by_process", JSON.valueToTree(u.pssMb()));
    return m;
  }

  /**
   * The stack's processes, each named by the components it runs: the registry and receiver run in this JVM, next to
   * the load generator; embedded PostgreSQL is a postmaster child of this JVM, counted with its backends.
   */
  static Map<String, Long> processes(io.vigil.devstack.stack.StackState state, Path postgresData) {
    Map<Long, List<String>> byPid = new java.util.LinkedHashMap<>();
    long self = ProcessHandle.current().pid();
    byPid.computeIfAbsent(self, p -> new ArrayList<>()).add("bench-load");
    // pg_ctl daemonises the postmaster, so it is found by its data directory (its backends' command lines differ)
    java.util.Optional<Long> postmaster = io.vigil.devstack.simulator.Processes.findByCmdline(postgresData.toString());
    for (var c : state.components()) {
      long pid = c.pid() == self && c.name().equals("postgres") && postmaster.isPresent() ? postmaster.get() : c.pid();
      byPid.computeIfAbsent(pid, p -> new ArrayList<>()).add(c.name());
    }
    Map<String, Long> out = new java.util.LinkedHashMap<>();
    byPid.forEach((pid, names) -> out.put(String.join("+", names), pid));
    return out;
  }

  /** One benchmark run against an up stack. */
  static final class Run {
    final DevStackConfig config;
    final DevTokens tokens;
    final Schedule schedule;
    final int[] steps;
    final ObjectNode out;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2)).build();
    final URI statsUri;
    final Load load;
    final List<Point> points = java.util.Collections.synchronizedList(new ArrayList<>());
    final Map<String, Probe> probes = new ConcurrentHashMap<>();
    Admin admin;
    Connection db;
    volatile int step = -1;
    /** The stack's processes by the names of the components each one runs. */
    final Map<String, Long> processes;
    /** Per step: cores each process used over the step's measured (steady-state) part. */
    final List<Map<String, Double>> stepCores = new ArrayList<>();
    /** Per step: when its measured part began (epoch ms); probes posted before it belong to the settling time. */
    final List<Long> measuredFrom = java.util.Collections.synchronizedList(new ArrayList<>());
    /** When the last step's measured part (the hold) ended. */
    volatile long measuredUntil;
    /** Memory of every stack process at each step's end (the windows and alert states grow with the population). */
    final List<ProcessMemory.Usage> stepMemory = new ArrayList<>();

    Run(DevStackConfig config, DevTokens tokens, Schedule schedule, ObjectNode out, Map<String, Long> processes) {
      this.processes = processes;
      this.config = config;
      this.tokens = tokens;
      this.schedule = schedule;
      this.steps = schedule.steps();
      this.out = out;
      this.statsUri = URI.create("http://127.0.0.1:" + config.collectorPort() + "/v1/webrtc/stats");
      int maxLoad = (java.util.Arrays.stream(steps).max().orElse(0) + TRACKS_PER_REPORT - 1) / TRACKS_PER_REPORT;
      // One probe every ~2 s: a p99 over the hold's ~150 probes is not just its slowest one.
      int probeCount = Math.max(10, Math.min(300, schedule.totalSeconds() / 2));
      this.load = new Load(statsUri, maxLoad, probeCount, this);
      out.put("duration_s", schedule.totalSeconds());
      out.put("step_s", schedule.stepSeconds());
      out.put("settle_s", schedule.settleSeconds());
      out.put("hold_s", schedule.holdSeconds());
      out.put("tracks_per_report", TRACKS_PER_REPORT);
      out.put("report_interval_ms", 1000);
      out.put("partitions", config.partitions());
    }

    void run() throws Exception {
      admin = Admin.create(Map.of("bootstrap.servers", config.bootstrapServers()));
      db = DriverManager.getConnection(config.databaseUrl(LocalDatabase.VIGIL_DB), "postgres", "");
      try {
        peer();
        createRule();
        canary();
        measure();
      } finally {
        load.stop();
        admin.close();
        db.close();
      }
    }

    // ---- peer: raw producer throughput of the same records, same broker, same run (stack idle) ----

    void peer() throws Exception {
      admin.createTopics(List.of(new NewTopic(PEER_TOPIC, config.partitions(), (short) 1))).all().get();
      SpecificAvroSerializer<QualitySample> ser =
          new SpecificAvroSerializer<>(new RestSchemaRegistryClient(config.registryUrl()));
      List<byte[]> values = new ArrayList<>();
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < 5000; i++) {
        String stream = "peer-room-" + (i / TRACKS_PER_REPORT);
        keys.add(stream);
        values.add(ser.serialize(PEER_TOPIC, EndToEndBench.sample(stream, "t" + i, i % 2 == 0 ? MediaKind.audio : MediaKind.video)));
      }
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
      p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
      p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
      long n = 0;
      long t;
      double s;
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
          new ByteArraySerializer())) {
        producer.partitionsFor(PEER_TOPIC);
        t = System.nanoTime();
        long end = t + 10_000_000_000L;
        while (System.nanoTime() < end) {
          int i = (int) (n % values.size());
          producer.send(new ProducerRecord<>(PEER_TOPIC, keys.get(i), values.get(i)));
          n++;
        }
        producer.flush();
        s = (System.nanoTime() - t) / 1e9;
      }
      out.put("peer_raw_producer_samples_per_s", Math.round(n / s));
      out.put("peer_record_bytes", values.get(0).length);
      log("peer: raw producer %d QualitySamples in %.1f s = %.0f/s (stack idle)", n, s, n / s);
    }

    // ---- the instant rule, through the API -> alert_rules -> CDC -> vigil.alert-rules.v1 -> streams ----

    void createRule() throws Exception {
      ObjectNode rule = JSON.createObjectNode().put("rule_id", RULE_ID).put("name", RULE_NAME).put("source", "quality")
          .put("metric", "loss_pct").put("op", "gt").put("threshold", RULE_THRESHOLD).put("severity", "warning");
      rule.putObject("annotations").put("summary", "e2e bench probe: loss {{ $value }}%");
      String admin = tokens.mint("e2e-bench", "admin", null, Duration.ofHours(2));
      var resp = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + config.apiPort() + "/alert-rules"))
          .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
          .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(rule.toString())).build(),
          HttpResponse.BodyHandlers.ofString());
      if (resp.statusCode() != 201) {
        throw new IllegalStateException("POST /alert-rules -> " + resp.statusCode() + " " + resp.body());
      }
      out.put("latency_rule", RULE_ID + ": source quality (instant, per sample), loss_pct > " + RULE_THRESHOLD
          + ", no for; webhook route group_wait 0s");
      log("rule %s created through the API", RULE_ID);
    }

    /** Impaired reports from a canary participant until its firing webhook arrives: the rule reached streams. */
    void canary() throws Exception {
      Participant canary = new Participant("e2e-canary", 2, 999_000_000L);
      long t = System.currentTimeMillis();
      post(canary, 0);
      Thread.sleep(1000);
      long deadline = t + 180_000;
      while (System.currentTimeMillis() < deadline) {
        post(canary, PROBE_LOSS_PCT);
        for (int i = 0; i < 5; i++) {
          Thread.sleep(200);
          if (firingArrivals().containsKey(canary.room)) {
            out.put("rule_active_after_s", round1((System.currentTimeMillis() - t) / 1000.0));
            log("canary alert arrived: the rule is live in streams (%.1f s after creating it)",
                (System.currentTimeMillis() - t) / 1000.0);
            return;
          }
        }
      }
      out.put("rule_active_after_s", -1);
      log("WARNING: no canary alert within 180 s; latency probes will likely not fire");
    }

    int post(Participant p, double lossPct) throws IOException, InterruptedException {
      long now = System.currentTimeMillis();
      var resp = http.send(HttpRequest.newBuilder(statsUri).header("Authorization", "Bearer "
          + ServiceCatalog.DEV_COLLECTOR_TOKEN).header("Content-Type", "application/json")
          .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(p.report(now, lossPct))).build(),
          HttpResponse.BodyHandlers.ofString());
      return resp.statusCode();
    }

    // ---- the measured run ----

    void measure() throws Exception {
      long probeEveryMs = Math.max(1000, (long) schedule.totalSeconds() * 1000 / load.probes.size());
      out.set("memory_idle", memory(ProcessMemory.read(processes, PROC)));
      long loadStart = System.currentTimeMillis();
      load.start(loadStart);
      Thread sampler = new Thread(() -> samplePeriodically(loadStart), "e2e-sampler");
      sampler.setDaemon(true);
      Thread poller = new Thread(this::pollReceiver, "e2e-receiver-poller");
      poller.setDaemon(true);
      poller.start();
      List<long[]> bounds = new ArrayList<>();
      int nextProbe = 0;
      long nextProbeAt = loadStart + 5000;
      sampler.start();
      for (int s = 0; s < steps.length; s++) {
        step = s;
        int participants = (steps[s] + TRACKS_PER_REPORT - 1) / TRACKS_PER_REPORT;
        load.activate(participants);
        long begin = System.currentTimeMillis();
        long mid = begin + schedule.settleSeconds() * 1000L;
        long end = mid + schedule.measuredSeconds(s) * 1000L;
        log("step %d: offering %d samples/s (%d participants x %d tracks, 1 report/s each); %d s settling, then %d s"
            + " measured%s", s + 1, steps[s], participants, TRACKS_PER_REPORT, schedule.settleSeconds(),
            schedule.measuredSeconds(s), schedule.isHold(s) ? " (the hold)" : "");
        Point midPoint = null;
        Map<String, Double> cpuMid = null;
        while (System.currentTimeMillis() < end) {
          long now = System.currentTimeMillis();
          if (midPoint == null && now >= mid) {
            midPoint = sample(loadStart, s);
            cpuMid = ProcessCpu.seconds(processes, PROC);
          }
          if (now >= nextProbeAt && nextProbe < load.probes.size()) {
            load.probes.get(nextProbe++).impairNext = true;
            nextProbeAt += probeEveryMs;
          }
          Thread.sleep(Math.max(1, Math.min(100, Math.min(end, nextProbeAt) - System.currentTimeMillis())));
        }
        if (midPoint == null) {
          midPoint = sample(loadStart, s);
          cpuMid = ProcessCpu.seconds(processes, PROC);
        }
        measuredFrom.add(midPoint.atMs);
        Point endPoint = sample(loadStart, s);
        stepCores.add(ProcessCpu.cores(cpuMid, ProcessCpu.seconds(processes, PROC),
            (endPoint.atMs - midPoint.atMs) / 1000.0));
        stepMemory.add(ProcessMemory.read(processes, PROC));
        bounds.add(new long[] {points.indexOf(midPoint), points.indexOf(endPoint)});
        measuredUntil = endPoint.atMs;
      }
      step = steps.length;
      load.stop();
      Point last = sample(loadStart, steps.length - 1);
      long stopped = System.currentTimeMillis();
      log("load stopped; draining (both groups' lag to ~0, outstanding probes)");
      long drainDeadline = stopped + Math.max(60_000, schedule.totalSeconds() * 200L);
      Point drained = last;
      while (System.currentTimeMillis() < drainDeadline) {
        Thread.sleep(2000);
        drained = sample(loadStart, steps.length - 1);
        boolean probesDone = probes.values().stream().allMatch(p -> p.arrivedAt > 0);
        if (drained.streamsLag <= 10 && drained.sinkLag <= 10 && probesDone) {
          break;
        }
      }
      double drainS = (System.currentTimeMillis() - stopped) / 1000.0;
      sampler.interrupt();
      Thread.sleep(500);
      poller.interrupt();
      report(bounds, last, drained, drainS);
    }

    void report(List<long[]> bounds, Point last, Point drained, double drainS) {
      ArrayNode stepsOut = out.putArray("steps");
      int best = -1;
      StringBuilder summary = new StringBuilder();
      for (int s = 0; s < steps.length; s++) {
        Point a = points.get((int) bounds.get(s)[0]);
        Point b = points.get((int) bounds.get(s)[1]);
        double dt = (b.atMs - a.atMs) / 1000.0;
        ObjectNode o = stepsOut.addObject();
        o.put("target_samples_per_s", steps[s]);
        o.put("participants", (steps[s] + TRACKS_PER_REPORT - 1) / TRACKS_PER_REPORT);
        double offeredReports = (b.sent - a.sent) / dt;
        double topicRate = (b.topicEnd - a.topicEnd) / dt;
        o.put("offered_reports_per_s", Math.round(offeredReports));
        o.put("accepted_reports_per_s", Math.round((b.accepted - a.accepted) / dt));
        o.put("accepted_samples_per_s", Math.round((b.samples - a.samples) / dt));
        o.put("rejected_or_failed_reports", (b.rejected - a.rejected) + (b.failed - a.failed));
        o.put("skipped_reports", b.skipped - a.skipped);
        o.put("topic_samples_per_s", Math.round(topicRate));
        o.put("streams_samples_per_s", Math.round((b.streamsCommitted - a.streamsCommitted) / dt));
        o.put("sink_samples_per_s", Math.round((b.sinkCommitted - a.sinkCommitted) / dt));
        if (a.rows >= 0 && b.rows >= 0) {
          o.put("sink_rows_per_s", Math.round((b.rows - a.rows) / dt));
        }
        long streamsMax = 0;
        long sinkMax = 0;
        for (Point p : points) {
          if (p.step == s) {
            streamsMax = Math.max(streamsMax, p.streamsLag);
            sinkMax = Math.max(sinkMax, p.sinkLag);
          }
        }
        o.put("streams_lag_max", streamsMax);
        o.put("streams_lag_end", b.streamsLag);
        o.put("sink_lag_max", sinkMax);
        o.put("sink_lag_end", b.sinkLag);
        boolean streamsBounded = bounded(a.streamsLag, b.streamsLag, topicRate, dt);
        boolean sinkBounded = bounded(a.sinkLag, b.sinkLag, topicRate, dt);
        o.put("streams_lag_bounded", streamsBounded);
        o.put("sink_lag_bounded", sinkBounded);
        boolean kept = offeredReports * TRACKS_PER_REPORT >= 0.95 * steps[s] && topicRate >= 0.95 * steps[s];
        o.put("offered_rate_kept", kept);
        long[] lat = latencies(s);
        o.put("latency_probes", lat.length);
        o.put("latency_missing", missing(s));
        o.put("latency_p50_ms", pct(lat, missing(s), 0.50));
        o.put("latency_p99_ms", pct(lat, missing(s), 0.99));
        o.set("latency_ms_in_posting_order", JSON.valueToTree(latenciesInOrder(s, false)));
        o.set("latency_settling_ms", JSON.valueToTree(latenciesInOrder(s, true)));
        o.set("cpu_cores_by_process", JSON.valueToTree(stepCores.get(s)));
        o.set("memory_at_step_end", memory(stepMemory.get(s)));
        if (streamsBounded && sinkBounded && kept) {
          best = s;
        }
        summary.append(steps[s]).append(": ").append(Math.round(topicRate)).append("/s in, lag ")
            .append(streamsBounded && sinkBounded ? "bounded" : "GROWING").append(kept ? "" : ", rate not kept")
            .append(", p99 ").append(pct(lat, missing(s), 0.99)).append(" ms; ");
      }
      out.put("steps_summary", summary.toString().trim());
      out.put("stack_pss_mb_max", Math.round(stepMemory.stream().mapToDouble(ProcessMemory.Usage::totalPssMb).max()
          .orElse(0)));
      out.put("stack_rss_mb_max", Math.round(stepMemory.stream().mapToDouble(ProcessMemory.Usage::totalRssMb).max()
          .orElse(0)));
      out.put("memory_note", "PSS shares each page among the processes mapping it (RSS counts PostgreSQL's shared "
          + "buffers once per backend); totals include this JVM (load generator, registry, receiver: "
          + "bench-load+registry+receiver)");
      out.set("gc_pauses_during_hold", JSON.valueToTree(gcPausesDuringHold()));
      out.put("highest_bounded_step_samples_per_s", best < 0 ? 0 : steps[best]);
      double sustained = best < 0 ? 0 : stepsOut.get(best).path("topic_samples_per_s").asDouble();
      out.put("sustained_samples_per_s", Math.round(sustained));
      double peer = out.path("peer_raw_producer_samples_per_s").asDouble();
      out.put("ratio_sustained_to_raw_producer", peer > 0 ? Math.round(sustained / peer * 1000) / 1000.0 : 0);
      out.put("streams_lag_max", maxLag(true));
      out.put("sink_lag_max", maxLag(false));
      out.put("streams_lag_final", last.streamsLag);
      out.put("sink_lag_final", last.sinkLag);
      out.put("drain_s", round1(drainS));
      out.put("lag_after_drain", drained.streamsLag + drained.sinkLag);
      out.put("sink_rows_total", exactRows());
      long[] all = latencies(-1);
      int miss = missing(-1);
      out.put("latency_probes", all.length + miss);
      out.put("latency_missing", miss);
      out.put("latency_p50_ms", pct(all, miss, 0.50));
      out.put("latency_p99_ms", pct(all, miss, 0.99));
      out.put("latency_arrived_p50_ms", pct(all, 0, 0.50));
      out.put("latency_arrived_p99_ms", pct(all, 0, 0.99));
      out.put("latency_arrived_max_ms", all.length == 0 ? -1 : all[all.length - 1]);
      if (best >= 0) {
        long[] atBest = latencies(best);
        out.put("latency_p50_ms_at_highest_bounded_step", pct(atBest, missing(best), 0.50));
        out.put("latency_p99_ms_at_highest_bounded_step", pct(atBest, missing(best), 0.99));
      }
      long p99Best = best < 0 ? -1 : out.path("latency_p99_ms_at_highest_bounded_step").asLong(-1);
      boolean met = best >= 0 && schedule.isHold(best) && schedule.holdSeconds() >= 300 && schedule.target() >= 20_000
          && sustained >= 20_000 && p99Best >= 0 && p99Best <= 1000;
      out.put("target_met", met);
      out.put("target", ">= 20,000 samples/s sustained 5 min, lag bounded, sample-to-webhook p99 <= 1 s");
      out.put("note", "everything co-located: broker, PostgreSQL, registry, receiver, 7 service JVMs and the load "
          + "generator (" + WORKERS + " HTTP threads) on " + Runtime.getRuntime().availableProcessors()
          + " cores; collector rate limit raised for the bench (one push token, default 200 req/s); each step"
          + " is measured after " + schedule.settleSeconds() + " s of settling, the last (hold) for "
          + schedule.holdSeconds() + " s; lag bounded = lag at the measured part's end <= lag at its start + 5 % of"
          + " its input, or < 1 s of input; a step's latency counts the probes posted in its measured part (those"
          + " posted while settling: latency_settling_ms); percentiles count probes whose webhook never arrived as"
          + " infinite (-1 = not reached)");
      log("%s", summary);
    }

    static boolean bounded(long lagMid, long lagEnd, double rate, double halfS) {
      return lagEnd <= Math.max(rate, lagMid + 0.05 * rate * halfS);
    }

    long maxLag(boolean streams) {
      return points.stream().mapToLong(p -> streams ? p.streamsLag : p.sinkLag).max().orElse(0);
    }

    /** Latencies of the probes that arrived, sorted: of step {@code s}'s measured part, or of every probe (-1). */
    long[] latencies(int s) {
      return probes.values().stream().filter(p -> (s < 0 || measuredIn(p, s)) && p.arrivedAt > 0)
          .mapToLong(p -> p.arrivedAt - p.postedAt).sorted().toArray();
    }

    /**
     * Each probe's latency in the order they were posted (-1: never arrived), so a slow phase shows where it was:
     * those of step {@code s}'s measured part, or ({@code settling}) those posted while it settled.
     */
    long[] latenciesInOrder(int s, boolean settling) {
      return probes.values().stream().filter(p -> p.step == s && measuredIn(p, s) != settling)
          .sorted(Comparator.comparingLong(p -> p.postedAt))
          .mapToLong(p -> p.arrivedAt > 0 ? p.arrivedAt - p.postedAt : -1).toArray();
    }

    int missing(int s) {
      return (int) probes.values().stream().filter(p -> (s < 0 || measuredIn(p, s)) && p.arrivedAt <= 0).count();
    }

    boolean measuredIn(Probe p, int s) {
      return p.step == s && s < measuredFrom.size() && p.postedAt >= measuredFrom.get(s);
    }

    /** Percentile with missing probes counted as infinite; -1 when it falls on a missing one or there are none. */
    static long pct(long[] sorted, int missing, double q) {
      int n = sorted.length + missing;
      if (n == 0) {
        return -1;
      }
      int i = Math.min(n - 1, (int) Math.ceil(q * n) - 1);
      return i < sorted.length ? sorted[Math.max(0, i)] : -1;
    }

    // ---- sampling: end offsets, group offsets, rows ----

    void samplePeriodically(long loadStart) {
      long next = System.currentTimeMillis() + 5000;
      int n = 0;
      while (!Thread.currentThread().isInterrupted()) {
        try {
          Thread.sleep(Math.max(1, next - System.currentTimeMillis()));
          next += 5000;
          int s = step;
          if (s < 0 || s >= steps.length) {
            continue;
          }
          Point p = sample(loadStart, s);
          if (++n % 2 == 0) {
            Point prev = points.size() > 2 ? points.get(Math.max(0, points.size() - 3)) : points.get(0);
            double dt = Math.max(0.001, (p.atMs - prev.atMs) / 1000.0);
            log("+%3.0f s step %d (%d/s offered): reports %.0f/s sent, %.0f/s ok, topic %.0f samples/s, streams %.0f/s"
                    + " lag %d, sink %.0f/s lag %d, rows %d, rejected+failed %d, skipped %d, probes %d/%d",
                (p.atMs - loadStart) / 1000.0, s + 1, steps[s], (p.sent - prev.sent) / dt,
                (p.accepted - prev.accepted) / dt, (p.topicEnd - prev.topicEnd) / dt,
                (p.streamsCommitted - prev.streamsCommitted) / dt, p.streamsLag,
                (p.sinkCommitted - prev.sinkCommitted) / dt, p.sinkLag, p.rows, p.rejected + p.failed, p.skipped,
                probes.values().stream().filter(x -> x.arrivedAt > 0).count(), probes.size());
          }
        } catch (InterruptedException e) {
          return;
        } catch (Exception e) {
          log("sample failed: %s", e);
        }
      }
    }

    synchronized Point sample(long loadStart, int s) throws Exception {
      String quality = Topic.QUALITY.topicName();
      List<TopicPartition> parts = admin.describeTopics(List.of(quality)).allTopicNames().get().get(quality)
          .partitions().stream().map(i -> new TopicPartition(quality, i.partition())).toList();
      Map<TopicPartition, Long> end = admin.listOffsets(parts.stream().collect(Collectors.toMap(tp -> tp,
          tp -> OffsetSpec.latest()))).all().get().entrySet().stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
      Map<TopicPartition, Long> streams = committed("vigil-streams");
      Map<TopicPartition, Long> sink = committed("vigil-sink");
      long endSum = 0;
      long streamsSum = 0;
      long sinkSum = 0;
      long streamsLag = 0;
      long sinkLag = 0;
      for (TopicPartition tp : parts) {
        long e = end.getOrDefault(tp, 0L);
        long a = streams.getOrDefault(tp, 0L);
        long b = sink.getOrDefault(tp, 0L);
        endSum += e;
        streamsSum += a;
        sinkSum += b;
        streamsLag += Math.max(0, e - a);
        sinkLag += Math.max(0, e - b);
      }
      long rows = -1;
      // PostgreSQL's own insert counter, not count(*): counting a table of millions of rows every 5 s cost the
      // database 0.04 cores at 20k/s, charged to the stack under test, and more as the table grew.
      try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(
          "SELECT n_tup_ins FROM pg_stat_user_tables WHERE relid = 'quality_samples'::regclass")) {
        if (rs.next()) {
          rows = rs.getLong(1);
        }
      } catch (Exception e) {
        // table not there yet or busy: reported as -1
      }
      Point p = new Point(System.currentTimeMillis(), s, endSum, streamsSum, sinkSum, streamsLag, sinkLag, rows,
          load.sent.get(), load.accepted.get(), load.samples.get(), load.rejected.get(), load.failed.get(),
          load.skipped.get());
      points.add(p);
      return p;
    }

    /** Per process (service JVMs and the broker): GC pauses that ended during the hold, from their GC logs. */
    Map<String, Object> gcPausesDuringHold() {
      Map<String, Object> byProcess = new java.util.TreeMap<>();
      if (measuredFrom.size() < steps.length) {
        return byProcess;
      }
      long from = measuredFrom.get(steps.length - 1);
      for (Path dir : List.of(config.home().resolve("logs"), config.home().resolve("kafka").resolve("logs"))) {
        try (var files = Files.list(dir)) {
          Map<String, List<GcPauses.Pause>> pauses = new HashMap<>();
          for (Path f : files.filter(f -> f.getFileName().toString().contains("-gc.log")).toList()) {
            String name = f.getFileName().toString().replaceFirst("-gc\\.log.*$", "");
            pauses.computeIfAbsent(name, k -> new ArrayList<>()).addAll(GcPauses.parse(Files.readString(f)));
          }
          pauses.forEach((name, list) -> byProcess.put(name, GcPauses.summary(list, from, measuredUntil)));
        } catch (IOException e) {
          // no such directory (an external broker has no logs here)
        }
      }
      return byProcess;
    }

    long exactRows() {
      try (Statement st = db.createStatement();
           ResultSet rs = st.executeQuery("SELECT count(*) FROM quality_samples")) {
        return rs.next() ? rs.getLong(1) : -1;
      } catch (Exception e) {
        return -1;
      }
    }

    Map<TopicPartition, Long> committed(String group) throws Exception {
      Map<TopicPartition, OffsetAndMetadata> m = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
          .get();
      Map<TopicPartition, Long> outMap = new HashMap<>();
      m.forEach((tp, o) -> {
        if (o != null && tp.topic().equals(Topic.QUALITY.topicName())) {
          outMap.put(tp, o.offset());
        }
      });
      return outMap;
    }

    // ---- the receiver ----

    void pollReceiver() {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          Map<String, Long> arrivals = firingArrivals();
          for (Probe p : probes.values()) {
            if (p.arrivedAt <= 0) {
              Long at = arrivals.get(p.room);
              if (at != null && at >= p.postedAt) {
                p.arrivedAt = at;
              }
            }
          }
          Thread.sleep(200);
        } catch (InterruptedException e) {
          return;
        } catch (Exception e) {
          // the receiver may be busy; next round
        }
      }
    }

    /** Room -> arrival (epoch ms, the receiver's own clock in this JVM) of the first firing webhook for our rule. */
    Map<String, Long> firingArrivals() throws IOException, InterruptedException {
      var resp = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + config.receiverPort()
          + "/requests")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      Map<String, Long> arrivals = new HashMap<>();
      for (JsonNode r : JSON.readTree(resp.body())) {
        if (!r.path("path").asText().startsWith("/webhook")) {
          continue;
        }
        JsonNode body = JSON.readTree(r.path("body").asText());
        long at = Instant.parse(r.path("at").asText()).toEpochMilli();
        for (JsonNode a : body.path("alerts")) {
          JsonNode labels = a.path("labels");
          if (a.path("status").asText().equals("firing") && labels.path("alertname").asText().equals(RULE_NAME)) {
            String room = labels.path("room").asText(labels.path("stream_id").asText());
            arrivals.merge(room, at, Math::min);
          }
        }
      }
      return arrivals;
    }

    void probePosted(Participant p, long postedAt) {
      probes.put(p.room, new Probe(p.room, Math.max(0, step), postedAt));
    }
  }

  record Point(long atMs, int step, long topicEnd, long streamsCommitted, long sinkCommitted, long streamsLag,
               long sinkLag, long rows, long sent, long accepted, long samples, long rejected, long failed,
               long skipped) {}

  static final class Probe {
    final String room;
    final int step;
    final long postedAt;
    volatile long arrivedAt;

    Probe(String room, int step, long postedAt) {
      this.room = room;
      this.step = step;
      this.postedAt = postedAt;
    }
  }

  // ---------------------------------------------------------------------------------------------------------------

  /** The load: worker threads, each posting for its share of participants once per second. */
  static final class Load {
    static final String AUTHORIZATION = "Bearer " + ServiceCatalog.DEV_COLLECTOR_TOKEN;
    final URI uri;
    final List<Participant> loadParticipants = new ArrayList<>();
    final List<Participant> probes = new ArrayList<>();
    final Run run;
    final AtomicLong sent = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong samples = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    final List<Thread> threads = new ArrayList<>();
    volatile int active;
    volatile boolean stopped;

    Load(URI uri, int maxLoad, int probeCount, Run run) {
      this.uri = uri;
      this.run = run;
      for (int i = 0; i < maxLoad; i++) {
        loadParticipants.add(new Participant(String.format("e2e-room-%04d", i), TRACKS_PER_REPORT,
            100_000_000L + i * 1000L));
      }
      for (int i = 0; i < probeCount; i++) {
        probes.add(new Participant(String.format("e2e-probe-%03d", i), 2, 900_000_000L + i * 1000L));
      }
    }

    void activate(int n) {
      active = Math.min(n, loadParticipants.size());
    }

    void start(long now) {
      for (int w = 0; w < WORKERS; w++) {
        List<Participant> mine = new ArrayList<>();
        List<Integer> index = new ArrayList<>();
        for (int i = w; i < loadParticipants.size(); i += WORKERS) {
          mine.add(loadParticipants.get(i));
          index.add(i);
        }
        for (int i = w; i < probes.size(); i += WORKERS) {
          mine.add(probes.get(i));
          index.add(-1);
        }
        Thread t = new Thread(() -> work(mine, index), "e2e-load-" + w);
        t.setDaemon(true);
        threads.add(t);
        t.start();
      }
    }

    void stop() {
      stopped = true;
      for (Thread t : threads) {
        try {
          t.join(15_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      threads.clear();
    }

    void work(List<Participant> mine, List<Integer> index) {
      // A lean keep-alive client: java.net.http took over a core of this machine at 1,000 reports/s, which the
      // stack then did not have.
      try (KeepAliveClient http = new KeepAliveClient(uri.getHost(), uri.getPort())) {
        work(http, mine, index);
      }
    }

    void work(KeepAliveClient http, List<Participant> mine, List<Integer> index) {
      Random random = new Random(mine.hashCode());
      while (!stopped) {
        long now = System.currentTimeMillis();
        long next = now + 50;
        for (int k = 0; k < mine.size() && !stopped; k++) {
          Participant p = mine.get(k);
          int i = index.get(k);
          if (i >= active) {
            continue;
          }
          if (p.due == 0) {
            p.due = now + random.nextInt(1000);
          }
          if (p.due <= now) {
            if (now - p.due >= 1000) {
              skipped.addAndGet((now - p.due) / 1000);
              p.due = now;
            }
            p.due += 1000;
            send(http, p);
            now = System.currentTimeMillis();
          }
          next = Math.min(next, p.due);
        }
        long sleep = next - System.currentTimeMillis();
        if (sleep > 0) {
          try {
            Thread.sleep(sleep);
          } catch (InterruptedException e) {
            return;
          }
        }
      }
    }

    void send(KeepAliveClient http, Participant p) {
      boolean probe = p.impairNext;
      p.impairNext = false;
      long now = System.currentTimeMillis();
      String body = p.report(now, probe ? PROBE_LOSS_PCT : 0);
      if (probe) {
        run.probePosted(p, System.currentTimeMillis());
      }
      sent.incrementAndGet();
      try {
        KeepAliveClient.Response resp = http.postJson(uri.getRawPath(), AUTHORIZATION, body);
        if (resp.status() / 100 == 2) {
          accepted.incrementAndGet();
          samples.addAndGet(samplesIn(resp.body()));
        } else {
          rejected.incrementAndGet();
        }
      } catch (IOException e) {
        failed.incrementAndGet();
      }
    }

    static long samplesIn(String body) {
      int i = body.indexOf("\"samples\":");
      if (i < 0) {
        return 0;
      }
      int j = i + 10;
      long n = 0;
      while (j < body.length() && Character.isDigit(body.charAt(j))) {
        n = n * 10 + (body.charAt(j++) - '0');
      }
      return n;
    }
  }

  /**
   * One simulated participant's receive side: {@code tracks} inbound RTP streams (audio/video alternating) with
   * cumulative counters that advance by the real elapsed time, shaped like Chromium's getStats() (as SyntheticPeer).
   */
  static final class Participant {
    final String room;
    final int tracks;
    final long ssrcBase;
    final long[] received;
    final long[] lost;
    final long[] bytes;
    final double[] units; // audio: total samples; video: frames decoded
    final Random random;
    long lastMs;
    long due;
    volatile boolean impairNext;

    Participant(String room, int tracks, long ssrcBase) {
      this.room = room;
      this.tracks = tracks;
      this.ssrcBase = ssrcBase;
      this.received = new long[tracks];
      this.lost = new long[tracks];
      this.bytes = new long[tracks];
      this.units = new double[tracks];
      this.random = new Random(ssrcBase);
    }

    synchronized String report(long nowMs, double lossPct) {
      double dt = lastMs == 0 ? 1.0 : Math.max(0.001, (nowMs - lastMs) / 1000.0);
      lastMs = nowMs;
      double jitter = 0.004 * (0.85 + 0.3 * random.nextDouble());
      double rtt = 0.035 * (0.9 + 0.2 * random.nextDouble());
      StringBuilder b = new StringBuilder(256 + tracks * 420);
      b.append("{\"stream_id\":\"").append(room).append("\",\"session_id\":\"").append(room)
          .append("-session\",\"room\":\"").append(room).append("\",\"participant_id\":\"p0\",\"source\":\"browser\"")
          .append(",\"ts\":").append(nowMs).append(",\"labels\":{\"sfu_node\":\"e2e-sfu-0\"},\"stats\":[");
      long totalBytes = 0;
      for (long x : bytes) {
        totalBytes += x;
      }
      b.append("{\"id\":\"CP-pair\",\"type\":\"candidate-pair\",\"timestamp\":").append(nowMs)
          .append(",\"nominated\":true,\"state\":\"succeeded\",\"currentRoundTripTime\":").append(rtt)
          .append(",\"localCandidateId\":\"CL-1\",\"remoteCandidateId\":\"CR-1\",\"bytesReceived\":")
          .append(totalBytes).append("},");
      b.append("{\"id\":\"CL-1\",\"type\":\"local-candidate\",\"timestamp\":").append(nowMs)
          .append(",\"candidateType\":\"host\",\"protocol\":\"udp\"},");
      b.append("{\"id\":\"CR-1\",\"type\":\"remote-candidate\",\"timestamp\":").append(nowMs)
          .append(",\"candidateType\":\"host\",\"protocol\":\"udp\"},");
      b.append("{\"id\":\"CO-opus\",\"type\":\"codec\",\"timestamp\":").append(nowMs)
          .append(",\"mimeType\":\"audio/opus\",\"clockRate\":48000,\"payloadType\":111},");
      b.append("{\"id\":\"CO-vp8\",\"type\":\"codec\",\"timestamp\":").append(nowMs)
          .append(",\"mimeType\":\"video/VP8\",\"clockRate\":90000,\"payloadType\":96}");
      for (int k = 0; k < tracks; k++) {
        boolean audio = k % 2 == 0;
        double loss = (lossPct > 0 ? lossPct : 0.4 * random.nextDouble()) / 100.0;
        long sent = Math.round((audio ? 50 : 110) * dt);
        long l = Math.round(sent * loss);
        lost[k] += l;
        received[k] += sent - l;
        bytes[k] += (sent - l) * (audio ? 120 : 1150);
        long ssrc = ssrcBase + k;
        b.append(",{\"id\":\"IT-").append(k).append("\",\"type\":\"inbound-rtp\",\"timestamp\":").append(nowMs)
            .append(",\"kind\":\"").append(audio ? "audio" : "video").append("\",\"ssrc\":").append(ssrc)
            .append(",\"mid\":\"").append(k).append("\",\"codecId\":\"").append(audio ? "CO-opus" : "CO-vp8")
            .append("\",\"trackIdentifier\":\"").append(audio ? "audio-" : "video-").append(ssrc)
            .append("\",\"packetsReceived\":").append(received[k]).append(",\"packetsLost\":").append(lost[k])
            .append(",\"jitter\":").append(audio ? jitter : jitter * 1.5).append(",\"bytesReceived\":")
            .append(bytes[k]);
        if (audio) {
          units[k] += 48_000 * dt;
          long total = Math.round(units[k]);
          b.append(",\"totalSamplesReceived\":").append(total).append(",\"concealedSamples\":")
              .append(Math.round(total * loss * 1.2)).append(",\"jitterBufferDelay\":").append(total * 0.028)
              .append(",\"jitterBufferEmittedCount\":").append(total).append(",\"audioLevel\":")
              .append(0.05 + 0.1 * random.nextDouble());
        } else {
          double fps = loss > 0.08 ? 18 : 30;
          units[k] += fps * dt;
          b.append(",\"framesDecoded\":").append(Math.round(units[k])).append(",\"framesDropped\":0")
              .append(",\"framesPerSecond\":").append(fps).append(",\"frameWidth\":1280,\"frameHeight\":720")
              .append(",\"freezeCount\":0,\"nackCount\":").append(lost[k]).append(",\"pliCount\":0");
        }
        b.append('}');
      }
      return b.append("]}").toString();
    }
  }

  // ---------------------------------------------------------------------------------------------------------------

  static QualitySample sample(String stream, String track, MediaKind kind) {
    return QualitySample.newBuilder()
        .setEventId(UUID.randomUUID().toString()).setTs(Instant.now()).setNodeId("dev-node-1").setCollectorSeq(0)
        .setStreamId(stream).setRoom(stream).setSessionId(stream + "-session").setParticipantId("p0")
        .setTrackId(track).setKind(kind).setDirection(Direction.inbound).setSource("browser").setIntervalMs(1000L)
        .setLabels(Map.of("sfu_node", "e2e-sfu-0")).setCodec(kind == MediaKind.audio ? "audio/opus" : "video/VP8")
        .setLossPct(0.2).setJitterMs(4.0).setRttMs(35.0).setBitrateKbps(kind == MediaKind.audio ? 48.0 : 1000.0)
        .setPacketsReceived(kind == MediaKind.audio ? 50L : 110L).setPacketsLost(0L).build();
  }

  /** The dev alerting config plus a first route: the bench rule's alerts go to the webhook with group_wait 0s. */
  static void writeAlertingConfig(DevStackConfig config) throws IOException {
    String dev;
    try (var in = DevStack.class.getResourceAsStream("/devstack/alerting.yml")) {
      dev = new String(java.util.Objects.requireNonNull(in, "devstack/alerting.yml").readAllBytes(),
          StandardCharsets.UTF_8);
    }
    String route = "  routes:\n"
        + "    - matchers: ['alertname=\"" + RULE_NAME + "\"']\n"
        + "      receiver: dev-webhook\n"
        + "      group_wait: 0s\n";
    if (!dev.contains("  routes:\n")) {
      throw new IllegalStateException("dev alerting.yml has no routes: section to extend");
    }
    Files.createDirectories(config.home());
    Files.writeString(ServiceCatalog.alertingConfig(config), dev.replaceFirst("  routes:\n", route));
  }

  /** One push token for the whole simulated fleet: the collector's per-client limit (200 req/s) would cap the run. */
  static List<ServiceSpec> withoutCollectorRateLimit(List<ServiceSpec> specs) {
    return specs.stream().map(s -> !s.name().equals("collector") ? s
        : s.withEnv(Map.of("VIGIL_RATE_LIMIT_PER_SECOND", "1000000", "VIGIL_RATE_LIMIT_BURST", "1000000"))).toList();
  }

  static String setting(String name, String fallback) {
    String v = System.getProperty(name);
    if (v == null || v.isBlank()) {
      v = System.getenv(name);
    }
    return v == null || v.isBlank() ? fallback : v.trim();
  }

  static Path root() {
    Path root = Path.of(System.getProperty("vigil.root", ".")).toAbsolutePath().normalize();
    if (!Files.exists(root.resolve("devstack/target/classpath.txt")) && root.getParent() != null
        && Files.exists(root.getParent().resolve("devstack/target/classpath.txt"))) {
      root = root.getParent();
    }
    return root;
  }

  static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  static void log(String format, Object... args) {
    System.out.printf("[e2e %6.1f s] %s%n", (System.nanoTime() - START) / 1e9, String.format(format, args));
    System.out.flush();
  }

  static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      log("could not delete %s: %s", root, e.getMessage());
    }
  }
}

package io.vigil.bench.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.schemas.avro.QualitySample;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.postgres.Postgres;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * SinkBench's peer: Debezium's JDBC sink connector, run by Kafka Connect standalone ({@code connect-runtime} from this
 * module's classpath) in its own JVM, with the connector's jars on a Connect {@code plugin.path} that the bench build
 * fills (bench/pom.xml, {@code target/connect-plugins/debezium-connector-jdbc}) and that is not on the bench's own
 * classpath. It loads the same rows as SinkBench's prefill (same generator, same event ids), written to a JSON topic
 * with the JsonConverter's schema envelope, into {@code quality_samples_peer}: an empty table LIKE quality_samples
 * INCLUDING ALL (same columns, same indexes) in the same database. Timed from the Connect process' start until the
 * table holds every row.
 */
final class JdbcSinkPeer {
  static final String TOPIC = "bench.sink.quality-json";
  static final String TABLE = "quality_samples_peer";
  private static final String CONNECTOR_DIR = "debezium-connector-jdbc";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * seconds: Connect process start to the last row (JVM, plugin scan, connector and Hibernate start included);
   * loadSeconds: the task's consumer holds its partitions to the last row (what SinkBench's sink_s times for Vigil's
   * sink, from start() with the group join); steady: from the first rows visible to the last; mismatched: rows of
   * quality_samples not found in quality_samples_peer (EXCEPT ALL over every column).
   */
  record Result(String version, int tasks, double prefillSeconds, double seconds, double loadSeconds,
                double startupSeconds, double steadyRowsPerSecond, long mismatched) {}

  private JdbcSinkPeer() {}

  static Result run(KafkaBroker broker, Postgres pg, String db, int rows, int partitions, int batch, Instant base)
      throws Exception {
    Path pluginPath = pluginPath();
    String version = connectorVersion(pluginPath);
    int tasks = Integer.getInteger("vigil.bench.sink.peerTasks", 1);
    try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE " + TABLE + " (LIKE quality_samples INCLUDING ALL)");
    }
    try (var admin = broker.admin()) {
      admin.createTopics(List.of(new NewTopic(TOPIC, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
      SinkBench.awaitLeaders(admin, List.of(TOPIC));
    }
    long prefillStart = System.nanoTime();
    prefillJson(broker.bootstrapServers(), rows, base);
    double prefillSeconds = SinkBench.round(SinkBench.seconds(prefillStart));

    Path work = Files.createTempDirectory("vigil-sink-peer");
    Path worker = work.resolve("worker.properties");
    Files.writeString(worker, String.join("\n",
        "bootstrap.servers=" + broker.bootstrapServers(),
        "key.converter=org.apache.kafka.connect.json.JsonConverter",
        "key.converter.schemas.enable=false",
        "value.converter=org.apache.kafka.connect.json.JsonConverter",
        "value.converter.schemas.enable=true",
        "offset.storage.file.filename=" + work.resolve("connect.offsets"),
        "offset.flush.interval.ms=10000",
        "plugin.path=" + pluginPath,
        // The connector's jars and connect-json/-transforms all carry ServiceLoader manifests: no classpath scan.
        "plugin.discovery=service_load",
        "listeners=http://127.0.0.1:0",
        // One poll can fill one batch.size flush.
        "consumer.max.poll.records=" + batch,
        "") + "\n");
    Path connector = work.resolve("jdbc-sink.properties");
    Files.writeString(connector, String.join("\n",
        "name=" + GROUP.substring("connect-".length()),
        "connector.class=io.debezium.connector.jdbc.JdbcSinkConnector",
        "tasks.max=" + tasks,
        "topics=" + TOPIC,
        "connection.url=" + pg.jdbcUrl(db),
        "connection.username=postgres",
        "connection.password=",
        "insert.mode=insert",
        "delete.enabled=false",
        "primary.key.mode=none",
        "schema.evolution=none",
        "collection.name.format=" + TABLE,
        "batch.size=" + batch,
        "use.time.zone=UTC",
        "dialect.postgres.unnest.insert.enabled=" + Boolean.getBoolean("vigil.bench.sink.peerUnnest"),
        "") + "\n");
    Path logback = work.resolve("logback.xml");
    Files.writeString(logback, """
        <configuration>
          <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
            <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n</pattern></encoder>
          </appender>
          <root level="INFO"><appender-ref ref="OUT"/></root>
        </configuration>
        """);
    Path log = work.resolve("connect.log");

    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + System.getProperty("vigil.bench.sink.peerHeap", "2g"),
        "-Dlogback.configurationFile=" + logback, "-cp", System.getProperty("java.class.path"),
        "org.apache.kafka.connect.cli.ConnectStandalone", worker.toString(), connector.toString()));
    long start = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long assigned = 0;
    long firstSeen = 0;
    long rowsAtFirstSeen = 0;
    double totalSeconds;
    try (Connection c = pg.connect(db); var admin = broker.admin()) {
      long done = 0;
      long lastProgress = System.nanoTime();
      long stallNanos = TimeUnit.SECONDS.toNanos(Long.getLong("vigil.bench.sink.peerStallSeconds", 180));
      while (done < rows) {
        if (!process.isAlive()) {
          throw new IllegalStateException("Kafka Connect exited (" + process.exitValue() + ") with " + done + "/" + rows
              + " rows in " + TABLE + "; its log:\n" + tail(log));
        }
        if (System.nanoTime() - lastProgress > stallNanos) {
          throw new IllegalStateException("Debezium JDBC sink stalled at " + done + "/" + rows + " rows in " + TABLE
              + "; Connect's log:\n" + tail(log));
        }
        Thread.sleep(200);
        if (assigned == 0 && assigned(admin)) {
          assigned = System.nanoTime();
        }
        long now = count(c);
        if (now > done) {
          lastProgress = System.nanoTime();
          if (firstSeen == 0) {
            firstSeen = lastProgress;
            rowsAtFirstSeen = now;
          }
        }
        done = now;
      }
      totalSeconds = SinkBench.seconds(start);
      if (done != rows) {
        throw new IllegalStateException(TABLE + " holds " + done + " rows, expected " + rows);
      }
      if (assigned == 0) {
        assigned = firstSeen; // assignment fell between two polls with the first rows
      }
    } finally {
      process.destroy(); // SIGTERM: Connect's shutdown hook stops the task and the worker
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    double loadSeconds = totalSeconds - (assigned - start) / 1e9;
    double steadySeconds = totalSeconds - (firstSeen - start) / 1e9;
    double steady = rowsAtFirstSeen >= rows ? rows / totalSeconds : (rows - rowsAtFirstSeen) / steadySeconds;
    if (Boolean.getBoolean("vigil.bench.sink.keepPeerDir")) {
      System.err.println("sink bench peer: Connect's config and log kept in " + work);
    } else {
      deleteRecursively(work);
    }
    long mismatched;
    try (Connection c = pg.connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT count(*) FROM (SELECT * FROM quality_samples EXCEPT ALL SELECT * FROM " + TABLE + ") d")) {
      rs.next();
      mismatched = rs.getLong(1);
    }
    return new Result(version, tasks, prefillSeconds, totalSeconds, loadSeconds, (firstSeen - start) / 1e9, steady,
        mismatched);
  }

  /** The same rows as SinkBench.prefill, as JsonConverter envelopes (schema + payload) keyed by stream id. */
  private static void prefillJson(String bootstrap, int rows, Instant base) throws IOException {
    Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 262_144,
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4", ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
    String schema = JSON.writeValueAsString(schema());
    var failure = new java.util.concurrent.atomic.AtomicReference<Exception>();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < rows && failure.get() == null; i++) {
        String stream = "bench-" + (i % 500);
        QualitySample q = SinkBench.sample(stream, base.plusMillis(i), i);
        String value = "{\"schema\":" + schema + ",\"payload\":" + JSON.writeValueAsString(payload(q)) + "}";
        producer.send(new ProducerRecord<>(TOPIC, JSON.writeValueAsString(stream), value),
            (md, e) -> { if (e != null) failure.compareAndSet(null, e); });
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("JSON prefill of " + TOPIC + " failed", failure.get());
    }
  }

  private static final Object[][] COLUMNS = {
      // column, Connect type, optional, logical name (null: none)
      {"event_id", "string", false, "io.debezium.data.Uuid"},
      {"ts", "int64", false, "org.apache.kafka.connect.data.Timestamp"},
      {"tenant", "string", false, null},
      {"node_id", "string", false, null},
      {"collector_seq", "int64", false, null},
      {"labels", "string", false, "io.debezium.data.Json"},
      {"stream_id", "string", false, null},
      {"session_id", "string", true, null},
      {"room", "string", true, null},
      {"participant_id", "string", true, null},
      {"track_id", "string", true, null},
      {"ssrc", "int64", true, null},
      {"kind", "string", false, null},
      {"direction", "string", false, null},
      {"source", "string", false, null},
      {"codec", "string", true, null},
      {"interval_ms", "int64", true, null},
      {"packets_received", "int64", true, null},
      {"packets_lost", "int64", true, null},
      {"loss_pct", "double", true, null},
      {"jitter_ms", "double", true, null},
      {"rtt_ms", "double", true, null},
      {"bitrate_kbps", "double", true, null},
      {"audio_level", "double", true, null},
      {"concealment_pct", "double", true, null},
      {"jitter_buffer_ms", "double", true, null},
      {"frames_per_second", "double", true, null},
      {"frame_width", "int32", true, null},
      {"frame_height", "int32", true, null},
      {"frames_dropped", "int64", true, null},
      {"freeze_count", "int64", true, null},
      {"nack_count", "int64", true, null},
      {"pli_count", "int64", true, null},
      {"quality_limitation", "string", true, null},
      {"relay", "boolean", true, null},
      {"mos", "double", true, null},
  };

  private static Map<String, Object> schema() {
    List<Map<String, Object>> fields = new ArrayList<>();
    for (Object[] col : COLUMNS) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("field", col[0]);
      f.put("type", col[1]);
      f.put("optional", col[2]);
      if (col[3] != null) {
        f.put("name", col[3]);
        f.put("version", 1);
      }
      fields.add(f);
    }
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("type", "struct");
    s.put("name", "vigil.quality.v1.QualitySample");
    s.put("optional", false);
    s.put("fields", fields);
    return s;
  }

  private static Map<String, Object> payload(QualitySample q) throws IOException {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("event_id", q.getEventId());
    v.put("ts", q.getTs().toEpochMilli());
    v.put("tenant", q.getTenant());
    v.put("node_id", q.getNodeId());
    v.put("collector_seq", q.getCollectorSeq());
    v.put("labels", JSON.writeValueAsString(q.getLabels() == null ? Map.of() : q.getLabels()));
    v.put("stream_id", q.getStreamId());
    v.put("session_id", q.getSessionId());
    v.put("room", q.getRoom());
    v.put("participant_id", q.getParticipantId());
    v.put("track_id", q.getTrackId());
    v.put("ssrc", q.getSsrc());
    v.put("kind", q.getKind().toString());
    v.put("direction", q.getDirection().toString());
    v.put("source", q.getSource());
    v.put("codec", q.getCodec());
    v.put("interval_ms", q.getIntervalMs());
    v.put("packets_received", q.getPacketsReceived());
    v.put("packets_lost", q.getPacketsLost());
    v.put("loss_pct", q.getLossPct());
    v.put("jitter_ms", q.getJitterMs());
    v.put("rtt_ms", q.getRttMs());
    v.put("bitrate_kbps", q.getBitrateKbps());
    v.put("audio_level", q.getAudioLevel());
    v.put("concealment_pct", q.getConcealmentPct());
    v.put("jitter_buffer_ms", q.getJitterBufferMs());
    v.put("frames_per_second", q.getFramesPerSecond());
    v.put("frame_width", q.getFrameWidth());
    v.put("frame_height", q.getFrameHeight());
    v.put("frames_dropped", q.getFramesDropped());
    v.put("freeze_count", q.getFreezeCount());
    v.put("nack_count", q.getNackCount());
    v.put("pli_count", q.getPliCount());
    v.put("quality_limitation", q.getQualityLimitation() == null ? null : q.getQualityLimitation().toString());
    v.put("relay", q.getRelay());
    v.put("mos", q.getMos());
    return v;
  }

  private static Path pluginPath() throws URISyntaxException {
    String configured = System.getProperty("vigil.bench.sink.pluginPath");
    // bench/target/classes (or the bench jar in bench/target) -> bench/target/connect-plugins
    Path path = configured != null ? Path.of(configured)
        : Path.of(JdbcSinkPeer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent()
            .resolve("connect-plugins");
    if (!Files.isDirectory(path.resolve(CONNECTOR_DIR))) {
      throw new IllegalStateException("no " + CONNECTOR_DIR + " under the Connect plugin.path " + path
          + ": build it with `mvn install -DskipTests -pl bench` (bench/pom.xml copies the connector's jars there)");
    }
    return path.toAbsolutePath();
  }

  private static String connectorVersion(Path pluginPath) throws IOException {
    String prefix = "debezium-connector-jdbc-";
    try (Stream<Path> jars = Files.list(pluginPath.resolve(CONNECTOR_DIR))) {
      return jars.map(j -> j.getFileName().toString()).filter(n -> n.startsWith(prefix) && n.endsWith(".jar"))
          .map(n -> n.substring(prefix.length(), n.length() - 4)).findFirst()
          .orElseThrow(() -> new IllegalStateException("no " + prefix + "*.jar in " + pluginPath));
    }
  }

  private static final String GROUP = "connect-vigil-bench-jdbc-sink";

  /** The task's consumer group is stable with its partitions assigned: Connect, the connector and the task are up. */
  private static boolean assigned(org.apache.kafka.clients.admin.Admin admin) throws Exception {
    org.apache.kafka.clients.admin.ConsumerGroupDescription group;
    try {
      group = admin.describeConsumerGroups(List.of(GROUP)).all().get(10, TimeUnit.SECONDS).get(GROUP);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException) {
        return false;
      }
      throw e;
    }
    return group != null && group.groupState() == org.apache.kafka.common.GroupState.STABLE
        && group.members().stream().anyMatch(m -> !m.assignment().topicPartitions().isEmpty());
  }

  private static long count(Connection c) throws Exception {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + TABLE)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}

package io.vigil.bench.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.schemas.avro.Direction;
import io.vigil.schemas.avro.MediaKind;
import io.vigil.schemas.avro.QualitySample;
import io.vigil.schemas.topics.Topic;
import io.vigil.schemas.wire.SpecificAvroSerializer;
import io.vigil.sink.Sink;
import io.vigil.sink.config.SinkConfig;
import io.vigil.sink.migrate.StorageSettings;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.postgres.Postgres;
import io.vigil.testkit.registry.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sink throughput: rows/s from a pre-filled vigil.quality.v1 into quality_samples (Kafka consume, Avro decode, COPY,
 * offsets in the same transaction), next to psql's own {@code \copy} of the same rows as CSV into an identical table
 * (same indexes) in the same database: the database's limit; and next to a peer, Debezium's JDBC sink connector in
 * Kafka Connect standalone (its own JVM), loading the same rows from a JSON topic into a third identical table.
 * Then what quality_samples' indexes cost per row ({@link IndexUpkeep}) and the cost of keeping the hourly rollup in
 * PostgreSQL mode ({@link RollupCost}). Prints one JSON line.
 */
public final class SinkBench {
  private SinkBench() {}

  public static void main(String[] args) throws Exception {
    int rows = Integer.getInteger("vigil.bench.sink.rows", 300_000);
    int partitions = Integer.getInteger("vigil.bench.sink.partitions", 4);
    int batch = Integer.getInteger("vigil.bench.sink.batch", 5000);
    Map<String, Object> result = new LinkedHashMap<>();
    try (KafkaBroker broker = KafkaBroker.startDedicated(); Postgres pg = Postgres.startDedicated()) {
      String topic = Topic.QUALITY.topicName();
      try (var admin = broker.admin()) {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1),
            new NewTopic(Topic.DLQ.topicName(), 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        awaitLeaders(admin, List.of(topic));
      }
      // Millisecond timestamps: the peer's JSON rows carry ts as Connect Timestamps (epoch millis).
      Instant base = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(rows / 1000 + 60);
      long prefillStart = System.nanoTime();
      prefill(broker.bootstrapServers(), topic, rows, base);
      result.put("rows", rows);
      result.put("partitions", partitions);
      result.put("batch_rows", batch);
      result.put("prefill_s", seconds(prefillStart));

      String db = pg.newDatabase();
      SinkConfig config = new SinkConfig(broker.bootstrapServers(), TestRegistry.url(), pg.jdbcUrl(db), "postgres", "",
          "bench-sink", List.of(topic), batch, Duration.ofMillis(200), Duration.ofSeconds(5), "copy", 0,
          StorageSettings.defaults(), Duration.ZERO, 10_000);
      Sink sink = new Sink(config, TestRegistry.client(), rejected -> { }); // runs the migrations
      long start = System.nanoTime();
      sink.start();
      long firstCommit = 0;
      long rowsAtFirstCommit = 0;
      try (Connection c = pg.connect(db)) {
        long done;
        while ((done = stored(c, topic)) < rows) {
          if (firstCommit == 0 && done > 0) {
            firstCommit = System.nanoTime();
            rowsAtFirstCommit = done;
          }
          Thread.sleep(50);
        }
      }
      double sinkSeconds = seconds(start);
      // Steady state: from the first committed batch (the group has joined) to the last row.
      double steadyRate = firstCommit == 0 ? rows / sinkSeconds : (rows - rowsAtFirstCommit) / seconds(firstCommit);
      sink.close();
      double sinkRate = rows / sinkSeconds;
      result.put("sink_s", round(sinkSeconds));
      result.put("sink_rows_per_s", Math.round(sinkRate));
      result.put("sink_steady_rows_per_s", Math.round(steadyRate));

      // The same rows as CSV, loaded by psql's \copy into a table with the same columns and indexes.
      Path csv = Files.createTempFile("vigil-sink-bench", ".csv");
      psql(pg, db, "\\copy quality_samples TO '" + csv + "' WITH (FORMAT csv)");
      psql(pg, db, "CREATE TABLE quality_samples_psql (LIKE quality_samples INCLUDING ALL)");
      long copyStart = System.nanoTime();
      psql(pg, db, "\\copy quality_samples_psql FROM '" + csv + "' WITH (FORMAT csv)");
      double copySeconds = seconds(copyStart);
      Map<String, Object> indexUpkeep = IndexUpkeep.measure(command -> psql(pg, db, command), csv, rows);
      Files.deleteIfExists(csv);
      double copyRate = rows / copySeconds;
      result.put("psql_copy_s", round(copySeconds));
      result.put("psql_copy_rows_per_s", Math.round(copyRate));
      result.put("ratio_vs_psql_copy", round(sinkRate / copyRate));
      result.put("steady_ratio_vs_psql_copy", round(steadyRate / copyRate));

      // The peer: the same rows (same generator, same event ids) as schema'd JSON, loaded by Debezium's JDBC sink.
      JdbcSinkPeer.Result peer = JdbcSinkPeer.run(broker, pg, db, rows, partitions, batch, base);
      result.put("peer", "Debezium JDBC sink connector " + peer.version() + " in Kafka Connect standalone "
          + org.apache.kafka.common.utils.AppInfoParser.getVersion() + " (own JVM), tasks.max=" + peer.tasks()
          + ", insert.mode=insert, batch.size=" + batch + ", JSON with schemas");
      result.put("peer_prefill_s", peer.prefillSeconds());
      result.put("peer_s", round(peer.seconds()));
      result.put("peer_startup_s", round(peer.startupSeconds()));
      result.put("peer_load_s", round(peer.loadSeconds()));
      double peerRate = rows / peer.loadSeconds();
      result.put("peer_rows_per_s", Math.round(peerRate));
      result.put("peer_rows_per_s_incl_process_start", Math.round(rows / peer.seconds()));
      result.put("peer_steady_rows_per_s", Math.round(peer.steadyRowsPerSecond()));
      result.put("peer_rows_mismatched", peer.mismatched());
      result.put("ratio_vs_peer", round(sinkRate / peerRate));
      result.put("steady_ratio_vs_peer", round(steadyRate / peer.steadyRowsPerSecond()));
      result.put("target", ">= 0.7 of psql \\copy; >= 3x Debezium JDBC sink");
      result.put("quality_samples_index_upkeep", indexUpkeep);
      result.put("quality_1h_rollup", RollupCost.measure(pg, Integer.getInteger("vigil.bench.sink.rollup.windows", 4500),
          batch));
    }
    System.out.println(new ObjectMapper().writeValueAsString(result));
    System.exit(0);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void prefill(String bootstrap, String topic, int rows, Instant base) {
    Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 262_144,
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    var failure = new java.util.concurrent.atomic.AtomicReference<Exception>();
    try (KafkaProducer<String, QualitySample> producer = new KafkaProducer<>(p, new StringSerializer(),
        (org.apache.kafka.common.serialization.Serializer) new SpecificAvroSerializer<>(TestRegistry.client()))) {
      for (int i = 0; i < rows && failure.get() == null; i++) {
        String stream = "bench-" + (i % 500);
        producer.send(new ProducerRecord<>(topic, stream, sample(stream, base.plusMillis(i), i)),
            (md, e) -> { if (e != null) failure.compareAndSet(null, e); });
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("prefill of " + topic + " failed", failure.get());
    }
  }

  static QualitySample sample(String stream, Instant ts, int i) {
    boolean video = i % 3 == 0;
    return QualitySample.newBuilder()
        .setEventId(eventId(i)).setTs(ts).setTenant("default").setNodeId("sfu-" + (i % 8))
        .setCollectorSeq(i).setLabels(Map.of("region", "eu-west")).setStreamId(stream).setSessionId("sess-" + (i % 97))
        .setRoom("room-" + (i % 50)).setParticipantId("p-" + (i % 1000)).setTrackId("t-" + (i % 2000))
        .setSsrc(100_000L + i % 2000).setKind(video ? MediaKind.video : MediaKind.audio).setDirection(Direction.inbound)
        .setSource("mediasoup").setCodec(video ? "VP8" : "opus").setIntervalMs(1000L).setPacketsReceived(50L + i % 7)
        .setPacketsLost((long) (i % 3)).setLossPct((i % 3) * 2.0).setJitterMs(5.0 + i % 20).setRttMs(40.0 + i % 100)
        .setBitrateKbps(video ? 1200.0 : 32.0).setAudioLevel(video ? null : 0.2).setConcealmentPct(video ? null : 0.4)
        .setJitterBufferMs(40.0).setFramesPerSecond(video ? 30.0 : null).setFrameWidth(video ? 1280 : null)
        .setFrameHeight(video ? 720 : null).setFramesDropped(video ? 1L : null).setFreezeCount(video ? 0L : null)
        .setNackCount(2L).setPliCount(video ? 0L : null).setQualityLimitation(null).setRelay(false)
        .setMos(video ? null : 4.1).build();
  }

  /**
   * Until every partition of the new topics has a leader, plus a moment: a produce right after createTopics can meet
   * NOT_LEADER_OR_FOLLOWER on the dedicated broker, and the idempotent producer's retry then lost records
   * (OUT_OF_ORDER_SEQUENCE_NUMBER) in a trial run.
   */
  static void awaitLeaders(org.apache.kafka.clients.admin.Admin admin, List<String> topics) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      boolean ready = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
          .allMatch(d -> d.partitions().stream().allMatch(pi -> pi.leader() != null && !pi.leader().isEmpty()));
      if (ready) {
        Thread.sleep(500);
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no leaders for " + topics + " after 30 s");
      }
      Thread.sleep(100);
    }
  }

  /** Deterministic, so the peer's JSON rows carry the very event ids the sink stored. */
  static String eventId(int i) {
    return new UUID(0x7669_6769_6c00_4000L, 0x8000_0000_0000_0000L | i).toString();
  }

  private static long stored(Connection c, String topic) throws Exception {
    try (Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT coalesce(sum(next_offset), 0) FROM sink_offsets WHERE topic = '" + topic + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void psql(Postgres pg, String db, String command) throws Exception {
    Process p = new ProcessBuilder("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "localhost", "-p",
        Integer.toString(pg.port()), "-U", "postgres", "-d", db, "-c", command)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("psql failed: " + command);
    }
  }

  static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}

package io.vigil.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.schemas.avro.AlertEvent;
import io.vigil.schemas.avro.AlertStatus;
import io.vigil.schemas.avro.ChangeOp;
import io.vigil.schemas.avro.Component;
import io.vigil.schemas.avro.HealthSample;
import io.vigil.schemas.avro.HealthStatus;
import io.vigil.schemas.avro.HealthWindow;
import io.vigil.schemas.avro.LifecycleEvent;
import io.vigil.schemas.avro.LifecycleState;
import io.vigil.schemas.avro.MediaKind;
import io.vigil.schemas.avro.MetricKind;
import io.vigil.schemas.avro.MetricSample;
import io.vigil.schemas.avro.QualitySample;
import io.vigil.schemas.avro.QualityWindow;
import io.vigil.schemas.avro.Severity;
import io.vigil.schemas.topics.Topic;
import io.vigil.schemas.wire.AvroTrust;
import io.vigil.schemas.wire.SpecificAvroSerializer;
import io.vigil.sink.consume.RecordDecoder;
import io.vigil.sink.migrate.Migrations;
import io.vigil.sink.migrate.StorageMode;
import io.vigil.sink.rows.Row;
import io.vigil.sink.rows.RowMapper;
import io.vigil.sink.rows.SourceRecord;
import io.vigil.sink.write.Batch;
import io.vigil.sink.write.BatchWriter;
import io.vigil.sink.write.OffsetStore;
import io.vigil.testkit.grafana.DashboardQueries;
import io.vigil.testkit.grafana.DashboardQueries.Query;
import io.vigil.testkit.grafana.DashboardQueries.Result;
import io.vigil.testkit.registry.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every SQL query of every provisioned Grafana dashboard, expanded the way Grafana expands PostgreSQL macros, run on
 * TimescaleDB 2.23 (pglite) in the sink's TimescaleDB mode: hypertables and the quality_1h continuous aggregate from
 * the sink's migrations, data written by the sink itself (Avro records serialized against the registry, decoded by
 * its {@link RecordDecoder}, mapped by its {@link RowMapper}, written by its {@link BatchWriter} on the INSERT path
 * with the offsets, as the sink does where there is no COPY). The queries run on uncompressed chunks, then again
 * after every chunk is compressed. The embedded-PostgreSQL half is devstack's DashboardQueriesTest.
 */
@Tag("timescaledb")
class DashboardQueriesTimescaleIT {
  static final String STREAM = "room-42-stream";
  static final String OTHER_STREAM = "room-7-stream";
  /** The TimescaleDB Apache-2 build in pglite loads the TSL module (compression) only on request. */
  private static final String TSL = "timescaledb-tsl-2.23.0-dev";

  /**
   * Queries allowed to return no rows here, each with its reason. Empty: the data set below feeds every panel,
   * variable and annotation; a query added to a dashboard needs data here (or an entry with a reason).
   */
  static final Map<String, String> MAY_BE_EMPTY = Map.of();

  private static PgliteServer server;
  private static Connection c;
  private static Instant now;

  @BeforeAll
  static void timescaleWithSinkData() throws Exception {
    server = PgliteServer.start();
    c = server.connect();
    assertThat(Migrations.run(PgliteServer.singleConnection(c))).isEqualTo(StorageMode.TIMESCALEDB);
    c.setAutoCommit(true);
    now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    new SinkWriter().write(pipelineData(now));
    c.setAutoCommit(true);
    // Alerting's own table: the notifier inserts these (not the sink).
    Sql.exec(c, "INSERT INTO alert_notifications (group_key, receiver, status, fingerprints, alerts_hash, outcome, http_status,"
        + " sent_at) VALUES ('{}:{rule_id=\"ffmpeg-speed\"}', 'slack', 'firing', '{fp-speed}', 'h1', 'sent', 200,"
        + " now() - interval '9 minutes'), ('{}:{rule_id=\"ffmpeg-speed\"}', 'pagerduty', 'firing', '{fp-speed}', 'h1',"
        + " 'failed', 503, now() - interval '9 minutes'), ('{}:{rule_id=\"poor-network-loss\"}', 'slack', 'resolved',"
        + " '{fp-loss}', 'h2', 'sent', 200, now() - interval '30 minutes')");
    // No background workers in pglite: refresh the continuous aggregate as its policy would.
    Sql.exec(c, "CALL refresh_continuous_aggregate('quality_1h', NULL, NULL)");
  }

  @AfterAll
  static void stop() throws Exception {
    if (c != null) {
      c.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theSinkWroteHypertablesAndTheRollup() throws Exception {
    assertThat(Sql.count(c, "SELECT count(*) FROM timescaledb_information.hypertables")).isEqualTo(6); // + metric_windows
    assertThat(Sql.count(c, "SELECT count(*) FROM quality_samples")).isEqualTo(2 * 360);
    assertThat(Sql.count(c, "SELECT count(*) FROM quality_windows_1m")).isEqualTo(2 * 90 + 30);
    assertThat(Sql.count(c, "SELECT count(*) FROM alerts WHERE status = 'firing'")).isEqualTo(1);
    assertThat(Sql.count(c, "SELECT count(*) FROM sink_offsets WHERE consumer_group = 'vigil-sink'")).isEqualTo(7);
    // The hourly buckets of the last 90 minutes (2 or 3 of them), one row per participant and kind.
    assertThat(Sql.count(c, "SELECT count(DISTINCT bucket) FROM quality_1h WHERE stream_id = '" + STREAM + "'"))
        .isBetween(2L, 3L);
    assertThat(Sql.count(c, "SELECT count(*) FROM quality_1h WHERE stream_id = '" + STREAM + "'"))
        .isEqualTo(2 * Sql.count(c, "SELECT count(DISTINCT bucket) FROM quality_1h WHERE stream_id = '" + STREAM + "'"));
    // The refresh materialized them (the view also answers in real time, so read its materialization hypertable).
    String materialized;
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT format('%I.%I',"
        + " materialization_hypertable_schema, materialization_hypertable_name) FROM"
        + " timescaledb_information.continuous_aggregates WHERE view_name = 'quality_1h'")) {
      assertThat(rs.next()).isTrue();
      materialized = rs.getString(1);
    }
    assertThat(Sql.count(c, "SELECT count(*) FROM " + materialized)).isPositive();
    assertThat(Sql.count(c, "SELECT sum(samples) FROM quality_1h WHERE stream_id = '" + STREAM + "'"))
        .isEqualTo(Sql.count(c, "SELECT sum(count) FROM quality_windows_1m WHERE stream_id = '" + STREAM + "'"));
  }

  @Test
  void everyDashboardQueryRunsOnTimescaleDb() throws Exception {
    List<Query> all = DashboardQueries.all();
    assertThat(all).hasSizeGreaterThan(25);
    assertThat(MAY_BE_EMPTY.keySet()).as("allow-list entries that name a dashboard query")
        .isSubsetOf(all.stream().map(Query::name).toList());

    assertEveryQueryRunsAndReturnsRows(all, "uncompressed chunks");

    // The same queries once the compression policy has run (pglite: no background jobs, so compress directly).
    Sql.exec(c, "LOAD '" + TSL + "'");
    for (String table : List.of("quality_samples", "health_samples", "metric_samples", "quality_windows_1m",
        "health_windows_1m")) {
      Sql.exec(c, "SELECT compress_chunk(ch) FROM show_chunks('" + table + "') ch");
    }
    assertThat(Sql.count(c, "SELECT count(*) FROM timescaledb_information.chunks WHERE NOT is_compressed"
        + " AND hypertable_name IN ('quality_samples', 'health_samples', 'metric_samples', 'quality_windows_1m',"
        + " 'health_windows_1m')")).isZero();
    assertEveryQueryRunsAndReturnsRows(all, "compressed chunks");
  }

  private static void assertEveryQueryRunsAndReturnsRows(List<Query> all, String what) {
    Instant to = Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
    Instant from = to.minus(6, ChronoUnit.HOURS);
    Map<String, String> variables = Map.of("tenant", "default", "stream", STREAM, "participant", "*");
    List<Result> results = DashboardQueries.run(c, all, from, to, 60, variables);
    List<String> errors = new ArrayList<>();
    List<String> empty = new ArrayList<>();
    for (Result r : results) {
      if (r.failed()) {
        errors.add(r.query().name() + ": " + r.error());
      } else if (r.empty() && !MAY_BE_EMPTY.containsKey(r.query().name())) {
        empty.add(r.query().name());
      }
    }
    assertThat(errors).as("dashboard queries that failed on TimescaleDB (" + what + ")").isEmpty();
    assertThat(empty).as("dashboard queries that returned no rows on TimescaleDB (" + what + ")").isEmpty();
  }

  // ---- the data: an hour of a lossy call, a stalling FFmpeg job, collector heartbeats, alerts ----

  private record Produced(Topic topic, String key, SpecificRecord value) {}

  static List<List<Produced>> pipelineData(Instant now) {
    List<Produced> quality = new ArrayList<>();
    for (int i = 0; i < 360; i++) {
      Instant ts = now.minusSeconds(10L * i);
      for (String participant : List.of("alice", "bob")) {
        boolean video = participant.equals("bob") && i % 2 == 0;
        double loss = (i % 7) * 100.0 / (50 + i % 7);
        quality.add(new Produced(Topic.QUALITY, STREAM, QualitySample.newBuilder(Samples.quality(STREAM, ts, loss))
            .setNodeId("sfu-1").setCollectorSeq(i).setRoom("room-42").setParticipantId(participant)
            .setTrackId(video ? "video-0" : "audio-0").setKind(video ? MediaKind.video : MediaKind.audio)
            .setCodec(video ? "vp8" : "opus").setPacketsLost((long) (i % 7)).setJitterMs(5.0 + i % 30)
            .setRttMs(40.0 + i % 200).setBitrateKbps(video ? 900.0 + i % 50 : 32.0 + i % 10)
            .setMos(video ? null : 4.4 - (i % 7) * 0.2).build()));
      }
    }

    List<Produced> windows = new ArrayList<>();
    Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
    for (int m = 1; m <= 90; m++) {
      Instant start = minute.minus(Duration.ofMinutes(m));
      for (String participant : List.of("alice", "bob")) {
        windows.add(new Produced(Topic.QUALITY_WINDOWS, STREAM, QualityWindow.newBuilder(
                Samples.window(STREAM, participant, start, m % 9, 4.2 - (m % 9) * 0.1))
            .setStreamName("Standup").setRoom("room-42").setCount(60).build()));
      }
      if (m <= 30) {
        windows.add(new Produced(Topic.QUALITY_WINDOWS, OTHER_STREAM, QualityWindow.newBuilder(
                Samples.window(OTHER_STREAM, "carol", start, 0.5, 4.3))
            .setStreamName("Retro").setRoom("room-7").setNodeId("sfu-2").build()));
      }
    }
    // A 10 s window: the sink stores only the 1 min ones, so this writes nothing.
    windows.add(new Produced(Topic.QUALITY_WINDOWS, STREAM, QualityWindow.newBuilder(
        Samples.window(STREAM, "alice", minute, 1, 4.1)).setWindow("10s").setWindowEnd(minute.plusSeconds(10)).build()));

    List<Produced> health = new ArrayList<>();
    for (int i = 0; i < 240; i++) {
      Instant ts = now.minusSeconds(15L * i);
      boolean stalled = i < 4;
      health.add(new Produced(Topic.HEALTH, "ingest-1", HealthSample.newBuilder(Samples.health("ingest-1", ts))
          .setCollectorSeq(i).setInstance("ffmpeg-7").setStreamId(STREAM)
          .setStatus(stalled ? HealthStatus.stalled : HealthStatus.running).setCpuPct(35.0 + i % 10)
          .setRssMb(170.0 + i % 5).setFps(stalled ? 3.0 : 29.5).setSpeed(stalled ? 0.4 : 0.9 + (i % 10) / 100.0)
          .setDropFrames((long) (240 - i) / 100).setRestarts(1).build()));
    }
    for (int i = 0; i < 60; i++) {
      health.add(new Produced(Topic.HEALTH, "sfu-1", HealthSample.newBuilder(Samples.health("sfu-1", now.minusSeconds(60L * i)))
          .setCollectorSeq(10_000 + i).setComponent(Component.collector).setInstance("agent").setStreamId(null)
          .setCpuPct(2.0).setRssMb(60.0).setThreads(4).setFps(null).setSpeed(null).setBitrateKbps(null)
          .setOutTimeMs(null).setFrames(null).setDropFrames(null).setDupFrames(null)
          .setExtra(Map.of("spool_depth", 0.0, "dropped", 0.0, "errors", i == 0 ? 1.0 : 0.0)).build()));
    }

    List<Produced> healthWindows = new ArrayList<>();
    for (int m = 1; m <= 60; m++) {
      Instant start = minute.minus(Duration.ofMinutes(m));
      healthWindows.add(new Produced(Topic.HEALTH_WINDOWS, "ingest-1", HealthWindow.newBuilder()
          .setEventId(UUID.randomUUID().toString()).setTs(start.plusSeconds(60)).setTenant("default")
          .setLabels(Map.of()).setNodeId("ingest-1").setComponent(Component.ffmpeg).setInstance("ffmpeg-7")
          .setStreamId(STREAM).setWindowStart(start).setWindowEnd(start.plusSeconds(60)).setWindow("1m").setCount(4)
          .setLastStatus(HealthStatus.running).setCpuPct(Samples.stats(35, 40, 44)).setRssMb(Samples.stats(170, 172, 174))
          .setFps(Samples.stats(29, 29.5, 30)).setSpeed(Samples.stats(0.9, 0.95, 0.99)).setBitrateKbps(null)
          .setDiskFreeMb(null).setDropFrames(0L).setRestarts(1).build()));
    }

    List<Produced> metrics = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      metrics.add(new Produced(Topic.METRICS, "auralis", MetricSample.newBuilder()
          .setEventId(UUID.randomUUID().toString()).setTs(now.minusSeconds(30L * i)).setTenant("default")
          .setNodeId("tts-1").setCollectorSeq(i).setLabels(Map.of("voice", "en-1")).setSource("auralis")
          .setName("buffer_depth_ms").setKind(MetricKind.gauge).setValue(40.0 + i % 100).setCount(null)
          .setBuckets(null).build()));
    }

    List<Produced> lifecycle = List.of(
        new Produced(Topic.LIFECYCLE, STREAM, LifecycleEvent.newBuilder(
                Samples.lifecycle(STREAM, LifecycleState.live, now.minus(Duration.ofMinutes(95)), 100L))
            .setName("Standup").setRoom("room-42").setOp(ChangeOp.c).build()),
        new Produced(Topic.LIFECYCLE, OTHER_STREAM, LifecycleEvent.newBuilder(
                Samples.lifecycle(OTHER_STREAM, LifecycleState.live, now.minus(Duration.ofMinutes(31)), 101L))
            .setName("Retro").setRoom("room-7").setOp(ChangeOp.c).build()));

    // The processor's alert events in order: a loss alert that fired and resolved, a speed alert still firing.
    Instant lossStart = now.minus(Duration.ofMinutes(50));
    Instant speedStart = now.minus(Duration.ofMinutes(10));
    List<Produced> alerts = List.of(
        alert("fp-loss", "poor-network-loss", AlertStatus.pending, Severity.warning, lossStart, lossStart, null, 6.0, 5.0,
            Map.of("stream_id", STREAM)),
        alert("fp-loss", "poor-network-loss", AlertStatus.firing, Severity.warning, lossStart,
            lossStart.plusSeconds(60), null, 6.0, 5.0, Map.of("stream_id", STREAM)),
        alert("fp-loss", "poor-network-loss", AlertStatus.resolved, Severity.warning, lossStart,
            now.minus(Duration.ofMinutes(30)), now.minus(Duration.ofMinutes(30)), 1.0, 5.0, Map.of("stream_id", STREAM)),
        alert("fp-speed", "ffmpeg-speed", AlertStatus.pending, Severity.critical, speedStart, speedStart, null, 0.9, 0.95,
            Map.of("stream_id", STREAM, "node_id", "ingest-1")),
        alert("fp-speed", "ffmpeg-speed", AlertStatus.firing, Severity.critical, speedStart,
            speedStart.plusSeconds(60), null, 0.4, 0.95, Map.of("stream_id", STREAM, "node_id", "ingest-1")));

    // One sink batch per poll, as the consumer would deliver them.
    return List.of(lifecycle, quality.subList(0, 360), quality.subList(360, 720), windows, health, healthWindows,
        metrics, alerts);
  }

  private static Produced alert(String fingerprint, String rule, AlertStatus status, Severity severity, Instant starts,
                                Instant updated, Instant ends, double value, double threshold, Map<String, String> labels) {
    return new Produced(Topic.ALERTS, fingerprint, AlertEvent.newBuilder(Samples.alert(fingerprint, status, updated))
        .setRuleId(rule).setSeverity(severity).setStartsAt(starts).setEndsAt(ends).setValue(value)
        .setThreshold(threshold).setLabels(labels)
        .setAnnotations(Map.of("summary", rule + " " + value + " (threshold " + threshold + ")")).build());
  }

  /**
   * The sink's write path without a broker: each value serialized to the wire format against the test registry,
   * decoded by the sink's decoder, mapped and written by its batch writer with the offsets, one transaction per batch.
   * INSERT path (pglite has no COPY); no rollup maintenance (TimescaleDB mode: quality_1h is a continuous aggregate).
   */
  private static final class SinkWriter {
    private final SpecificAvroSerializer<SpecificRecord> serializer;
    private final RecordDecoder decoder;
    private final BatchWriter writer;
    private final Map<TopicPartition, Long> next = new HashMap<>();

    SinkWriter() {
      AvroTrust.install();
      serializer = new SpecificAvroSerializer<>(TestRegistry.client());
      decoder = new RecordDecoder(TestRegistry.client());
      writer = new BatchWriter(false, false, new OffsetStore("vigil-sink"), rejected -> {
        if (!rejected.isEmpty()) {
          throw new IllegalStateException("the sink rejected " + rejected.size() + " records: "
              + rejected.get(0).stage() + ": " + rejected.get(0).message());
        }
      });
    }

    void write(List<List<Produced>> batches) throws SQLException {
      for (List<Produced> batch : batches) {
        List<Row> rows = new ArrayList<>();
        Map<TopicPartition, Long> expected = new HashMap<>();
        Map<TopicPartition, Long> after = new HashMap<>();
        for (Produced p : batch) {
          String topic = p.topic().topicName();
          TopicPartition tp = new TopicPartition(topic, 0);
          expected.putIfAbsent(tp, next.get(tp));
          long offset = after.getOrDefault(tp, next.getOrDefault(tp, 0L));
          byte[] bytes = serializer.serialize(topic, p.value());
          SpecificRecord decoded = decoder.decode(topic, bytes);
          rows.addAll(RowMapper.map(decoded, new SourceRecord(topic, 0, offset,
              p.key().getBytes(StandardCharsets.UTF_8), bytes)));
          after.put(tp, offset + 1);
        }
        writer.write(c, new Batch(rows, List.of(), after, expected));
        next.putAll(after);
      }
    }
  }
}

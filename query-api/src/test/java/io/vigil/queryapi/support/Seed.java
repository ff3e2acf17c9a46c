package io.vigil.queryapi.support;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.schemas.avro.AlertEvent;
import io.vigil.schemas.avro.AlertStatus;
import io.vigil.schemas.avro.ChangeOp;
import io.vigil.schemas.avro.Component;
import io.vigil.schemas.avro.Direction;
import io.vigil.schemas.avro.HealthSample;
import io.vigil.schemas.avro.HealthStatus;
import io.vigil.schemas.avro.LifecycleEntity;
import io.vigil.schemas.avro.LifecycleEvent;
import io.vigil.schemas.avro.LifecycleSource;
import io.vigil.schemas.avro.LifecycleState;
import io.vigil.schemas.avro.MediaKind;
import io.vigil.schemas.avro.QualitySample;
import io.vigil.schemas.avro.QualityWindow;
import io.vigil.schemas.avro.Severity;
import io.vigil.schemas.avro.Stats;
import io.vigil.schemas.topics.Topic;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test data for the API. Pipeline data (quality samples and windows, health samples, lifecycle, alert events) is built
 * as the Avro records producers put on the topics and written by sink-timescale's own code ({@link SinkPipeline}); the
 * hourly rollup comes from the sink's refresh over the windows it writes. Only tables other services write stay SQL:
 * alert_notifications (alerting's notification log).
 */
public final class Seed {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Per-collector sequence numbers, as each collector numbers what it publishes. */
  private static final Map<String, AtomicLong> SEQ = new ConcurrentHashMap<>();

  private Seed() {}

  /** For tables the sink does not write. */
  public static void exec(String sql, Object... params) {
    try (Connection c = TestEnv.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        Object p = params[i];
        if (p instanceof Instant in) {
          ps.setTimestamp(i + 1, Timestamp.from(in));
        } else {
          ps.setObject(i + 1, p);
        }
      }
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long seq(String node) {
    return SEQ.computeIfAbsent(node, n -> new AtomicLong()).incrementAndGet();
  }

  /** A stream's state from the control plane's CDC, on vigil.lifecycle.v1. */
  public static void stream(String tenant, String streamId, String state, Instant startedAt) {
    SinkPipeline.write(Topic.LIFECYCLE, streamId, LifecycleEvent.newBuilder()
        .setEventId(UUID.randomUUID().toString()).setTs(Instant.now()).setTenant(tenant).setLabels(Map.of())
        .setEntity(LifecycleEntity.stream).setEntityId(streamId).setStreamId(streamId)
        .setState(LifecycleState.valueOf(state)).setName("Stream " + streamId).setRoom("room-1")
        .setStartedAt(startedAt).setOp(ChangeOp.c).setSource(LifecycleSource.cdc).build());
  }

  /** A participant that joined the stream, reported by a collector. */
  public static void participant(String tenant, String streamId, String participant) {
    Instant now = Instant.now();
    SinkPipeline.write(Topic.LIFECYCLE, streamId, LifecycleEvent.newBuilder()
        .setEventId(UUID.randomUUID().toString()).setTs(now).setTenant(tenant).setLabels(Map.of())
        .setEntity(LifecycleEntity.participant).setEntityId(participant).setStreamId(streamId)
        .setState(LifecycleState.joined).setStartedAt(now).setOp(ChangeOp.c).setSource(LifecycleSource.collector)
        .build());
  }

  /** One inbound audio track report from a browser (48 kbps), with the MOS the stream processor filled in. */
  public static void sample(String tenant, String streamId, String participant, String node, Instant ts,
      double loss, double jitter, double rtt, double mos) {
    SinkPipeline.write(Topic.QUALITY, streamId, QualitySample.newBuilder()
        .setEventId(UUID.randomUUID().toString()).setTs(ts).setTenant(tenant).setNodeId(node)
        .setCollectorSeq(seq(node)).setLabels(Map.of()).setStreamId(streamId).setParticipantId(participant)
        .setTrackId("t1").setKind(MediaKind.audio).setDirection(Direction.inbound).setSource("browser")
        .setLossPct(loss).setJitterMs(jitter).setRttMs(rtt).setBitrateKbps(48.0).setMos(mos).build());
  }

  /** One closed 1 min window of a participant's audio in which every sample had the same values. */
  public static void window(String tenant, String streamId, String participant, Instant start, long count,
      double loss, double jitter, double rtt, double mos) {
    SinkPipeline.write(Topic.QUALITY_WINDOWS, streamId,
        windowRecord(tenant, streamId, participant, start, count, loss, jitter, rtt, mos));
  }

  /**
   * An hour of 1 min windows (60 windows of samples/60 each, jitter 10 ms, RTT 100 ms) written in one sink batch; the
   * sink's rollup refresh turns them into the quality_1h row of that hour.
   */
  public static void rollup(String tenant, String streamId, String participant, Instant bucket, long samples,
      double loss, double mos) {
    if (samples % 60 != 0 || !bucket.truncatedTo(ChronoUnit.HOURS).equals(bucket)) {
      throw new IllegalArgumentException("an hour bucket and a multiple of 60 samples");
    }
    List<SinkPipeline.Produced> records = new ArrayList<>();
    for (int m = 0; m < 60; m++) {
      records.add(new SinkPipeline.Produced(Topic.QUALITY_WINDOWS, streamId, windowRecord(tenant, streamId,
          participant, bucket.plus(m, ChronoUnit.MINUTES), samples / 60, loss, 10, 100, mos)));
    }
    SinkPipeline.write(records);
  }

  private static QualityWindow windowRecord(String tenant, String streamId, String participant, Instant start,
      long count, double loss, double jitter, double rtt, double mos) {
    Instant end = start.plusSeconds(60);
    return QualityWindow.newBuilder()
        .setEventId(UUID.randomUUID().toString()).setTs(end).setTenant(tenant).setLabels(Map.of())
        .setStreamId(streamId).setParticipantId(participant).setTrackId("t1").setKind(MediaKind.audio)
        .setWindowStart(start).setWindowEnd(end).setWindow("1m").setCount(count)
        .setLossPct(constant(count, loss)).setJitterMs(constant(count, jitter)).setRttMs(constant(count, rtt))
        .setBitrateKbps(constant(count, 48)).setMosAvg(mos).setMosMin(mos).build();
  }

  private static Stats constant(long count, double v) {
    return Stats.newBuilder().setCount(count).setMin(v).setAvg(v).setMax(v).setP95(v).build();
  }

  /** A health report; labelsJson is a JSON object of string labels. */
  public static void health(String tenant, String node, String component, String instance, String streamId,
      String status, Instant ts, Double cpu, Double speed, String labelsJson, Long segments, Double diskFree) {
    Map<String, String> labels;
    try {
      labels = JSON.readValue(labelsJson, new TypeReference<Map<String, String>>() { });
    } catch (IOException e) {
      throw new IllegalArgumentException("labels: " + e.getMessage(), e);
    }
    SinkPipeline.write(Topic.HEALTH, node, HealthSample.newBuilder()
        .setEventId(UUID.randomUUID().toString()).setTs(ts).setTenant(tenant).setNodeId(node)
        .setCollectorSeq(seq(node)).setLabels(labels).setComponent(Component.valueOf(component))
        .setInstance(instance).setStreamId(streamId).setStatus(HealthStatus.valueOf(status)).setCpuPct(cpu)
        .setSpeed(speed).setRecordingSegments(segments).setDiskFreeMb(diskFree).setExtra(Map.of()).build());
  }

  /**
   * A poor-network alert event (pending 2 min ago; resolved ones end now) from the stream processor, which the sink
   * stores as current state and history, and the notification alerting logged for a firing or resolved one (SQL: the
   * sink does not write alert_notifications).
   */
  public static void alert(String tenant, String fingerprint, String status, String streamId) {
    Instant now = Instant.now();
    AlertStatus s = AlertStatus.valueOf(status);
    SinkPipeline.write(Topic.ALERTS, fingerprint, AlertEvent.newBuilder()
        .setEventId(UUID.randomUUID().toString()).setTenant(tenant).setFingerprint(fingerprint)
        .setRuleId("poor-network").setStatus(s).setSeverity(Severity.warning)
        .setLabels(Map.of("stream_id", streamId, "alertname", "poor-network"))
        .setAnnotations(Map.of("summary", "high loss")).setValue(12.5).setThreshold(5.0)
        .setStartsAt(now.minus(2, ChronoUnit.MINUTES)).setEndsAt(s == AlertStatus.resolved ? now : null)
        .setUpdatedAt(now).setGenerator(1).build());
    if (s != AlertStatus.pending) {
      exec("INSERT INTO alert_notifications (tenant, group_key, receiver, status, fingerprints, alerts_hash, outcome)"
          + " VALUES (?, 'g1', 'slack', ?, ARRAY[?], 'h', 'sent')", tenant, status, fingerprint);
    }
  }
}

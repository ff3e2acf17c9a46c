package io.vigil.streams.testing;

import io.vigil.schemas.avro.AlertRule;
import io.vigil.schemas.avro.ChangeOp;
import io.vigil.schemas.avro.CompareOp;
import io.vigil.schemas.avro.Component;
import io.vigil.schemas.avro.Direction;
import io.vigil.schemas.avro.HealthSample;
import io.vigil.schemas.avro.HealthStatus;
import io.vigil.schemas.avro.LifecycleEntity;
import io.vigil.schemas.avro.LifecycleEvent;
import io.vigil.schemas.avro.LifecycleSource;
import io.vigil.schemas.avro.LifecycleState;
import io.vigil.schemas.avro.MediaKind;
import io.vigil.schemas.avro.MetricKind;
import io.vigil.schemas.avro.MetricSample;
import io.vigil.schemas.avro.QualitySample;
import io.vigil.schemas.avro.RuleSource;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Builders for the records tests feed the topology. */
public final class Samples {
  private static long seq;

  private Samples() {}

  public static QualitySample audio(String streamId, Instant ts, double lossPct) {
    return QualitySample.newBuilder()
        .setEventId(UUID.randomUUID().toString()).setTs(ts).setNodeId("node-1").setCollectorSeq(seq++)
        .setStreamId(streamId).setParticipantId("alice").setTrackId("mic").setKind(MediaKind.audio)
        .setDirection(Direction.inbound).setSource("browser").setIntervalMs(2000L)
        .setLossPct(lossPct).setJitterMs(4.0).setRttMs(40.0).setPacketsReceived(100L).setPacketsLost(0L)
        .build();
  }

  /** One metric sample from node-1 with a "track" label. */
  public static MetricSample metric(String source, String name, MetricKind kind, Instant ts, double value) {
    return MetricSample.newBuilder()
        .setEventId(UUID.randomUUID().toString()).setTs(ts).setNodeId("node-1").setCollectorSeq(seq++)
        .setSource(source).setName(name).setKind(kind).setValue(value).setLabels(Map.of("track", "main")).build();
  }

  public static HealthSample heartbeat(String consumer, Instant ts) {
    return HealthSample.newBuilder()
        .setEventId(UUID.randomUUID().toString()).setTs(ts).setNodeId("api-1").setCollectorSeq(seq++)
        .setComponent(Component.app).setInstance(consumer).setStatus(HealthStatus.running)
        .setLabels(Map.of("kind", "consumer_heartbeat")).build();
  }

  public static LifecycleEvent stream(String streamId, LifecycleState state, Instant ts) {
    return LifecycleEvent.newBuilder()
        .setEventId(UUID.randomUUID().toString()).setTs(ts).setEntity(LifecycleEntity.stream)
        .setEntityId(streamId).setStreamId(streamId).setState(state).setName("Town hall").setRoom("room-7")
        .setOp(ChangeOp.u).setSource(LifecycleSource.cdc).build();
  }

  public static AlertRule lossRule(String id, long forS) {
    return AlertRule.newBuilder().setRuleId(id).setName("PoorNetworkQuality").setSource(RuleSource.quality)
        .setMetric("loss_pct").setOp(CompareOp.gt).setThreshold(5).setForS(forS)
        .setAnnotations(Map.of("summary", "loss {{ $value }}% on {{ $labels.stream_id }} ({{ $labels.stream_name }})"))
        .build();
  }

  public static AlertRule absentRule(String id, long absentS) {
    return AlertRule.newBuilder().setRuleId(id).setName("QualityReportsMissing").setSource(RuleSource.quality)
        .setMetric("loss_pct").setOp(CompareOp.gt).setThreshold(0).setAbsentForS(absentS).build();
  }
}

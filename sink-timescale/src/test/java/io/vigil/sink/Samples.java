package io.vigil.sink;

import io.vigil.schemas.avro.AlertEvent;
import io.vigil.schemas.avro.AlertRule;
import io.vigil.schemas.avro.AlertStatus;
import io.vigil.schemas.avro.Aggregation;
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
import io.vigil.schemas.avro.MetricWindow;
import io.vigil.schemas.avro.QualitySample;
import io.vigil.schemas.avro.QualityWindow;
import io.vigil.schemas.avro.RuleSource;
import io.vigil.schemas.avro.Severity;
import io.vigil.schemas.avro.Stats;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Test records with realistic values. */
final class Samples {
  private Samples() {}

  static QualitySample quality(String streamId, Instant ts, double lossPct) {
    return QualitySample.newBuilder()
        .setEventId(UUID.randomUUID().toString()).setTs(ts).setTenant("default").setNodeId("sfu-1")
        .setCollectorSeq(1).setLabels(Map.of("region", "eu")).setStreamId(streamId).setSessionId("sess")
        .setRoom("room-1").setParticipantId("alice").setTrackId("t1").setSsrc(1234L).setKind(MediaKind.audio)
        .setDirection(Direction.inbound).setSource("mediasoup").setCodec("opus").setIntervalMs(1000L)
        .setPacketsReceived(50L).setPacketsLost(1L).setLossPct(lossPct).setJitterMs(12.5).setRttMs(80.0)
        .setBitrateKbps(32.0).setAudioLevel(0.1).setConcealmentPct(0.5).setJitterBufferMs(40.0)
        .setFramesPerSecond(null).setFrameWidth(null).setFrameHeight(null).setFramesDropped(null)
        .setFreezeCount(null).setNackCount(2L).setPliCount(null).setQualityLimitation(null).setRelay(false)
        .setMos(4.2).build();
  }

  static HealthSample health(String nodeId, Instant ts) {
    return HealthSample.newBuilder()
        .setEventId(UUID.randomUUID().toString()).setTs(ts).setTenant("default").setNodeId(nodeId)
        .setCollectorSeq(7).setLabels(Map.of()).setComponent(Component.ffmpeg).setInstance("1234")
        .setStreamId("s-1").setStatus(HealthStatus.running).setExitCode(null).setCpuPct(55.0).setRssMb(120.0)
        .setThreads(9).setUptimeS(30.0).setFps(30.0).setSpeed(1.01).setBitrateKbps(2500.0).setOutTimeMs(30000L)
        .setFrames(900L).setDropFrames(0L).setDupFrames(0L).setRestarts(0).setProducers(null).setConsumers(null)
        .setDiskUsedMb(null).setDiskFreeMb(null).setRecordingSegments(null).setOldestSegmentAgeS(null)
        .setExtra(Map.of("q", 28.0)).build();
  }

  static Stats stats(double min, double avg, double max) {
    return Stats.newBuilder().setCount(6).setMin(min).setAvg(avg).setMax(max).setP95(max).build();
  }

  static QualityWindow window(String streamId, String participant, Instant start, double lossAvg, double mos) {
    return QualityWindow.newBuilder()
        .setEventId(UUID.randomUUID().toString()).setTs(start.plusSeconds(60)).setTenant("default")
        .setLabels(Map.of()).setStreamId(streamId).setStreamName(null).setRoom("room-1")
        .setParticipantId(participant).setTrackId(null).setKind(MediaKind.audio).setNodeId("sfu-1")
        .setWindowStart(start).setWindowEnd(start.plusSeconds(60)).setWindow("1m").setCount(6)
        .setPacketsReceived(300L).setPacketsLost(3L).setLossPct(stats(0, lossAvg, lossAvg * 2))
        .setJitterMs(stats(5, 10, 20)).setRttMs(stats(50, 80, 120)).setBitrateKbps(stats(30, 32, 34))
        .setConcealmentPct(null).setJitterBufferMs(null).setFramesPerSecond(null).setMosAvg(mos).setMosMin(mos - 0.5)
        .build();
  }

  static MetricWindow metricWindow(String source, Instant start, Double rate) {
    return MetricWindow.newBuilder()
        .setEventId(UUID.randomUUID().toString()).setTs(start.plusSeconds(60)).setTenant("default")
        .setLabels(Map.of("voice", "en")).setSource(source).setNodeId("tts-node").setName("dropped_chunks_total")
        .setKind(MetricKind.counter).setWindowStart(start).setWindowEnd(start.plusSeconds(60)).setWindow("1m")
        .setCount(6).setMin(10.0).setAvg(15.0).setMax(20.0).setP95(20.0).setLast(20.0).setRate(rate).build();
  }

  static AlertEvent alert(String fingerprint, AlertStatus status, Instant updated) {
    return AlertEvent.newBuilder()
        .setEventId(UUID.randomUUID().toString()).setTenant("default").setFingerprint(fingerprint)
        .setRuleId("poor-network").setStatus(status).setSeverity(Severity.warning)
        .setLabels(Map.of("stream_id", "s-1")).setAnnotations(Map.of("summary", "loss 7%")).setValue(7.0)
        .setThreshold(5.0).setStartsAt(updated.minusSeconds(30)).setEndsAt(status == AlertStatus.resolved ? updated : null)
        .setUpdatedAt(updated).setGenerator(1).build();
  }

  static AlertRule rule(String id, long version, double threshold) {
    return AlertRule.newBuilder()
        .setRuleId(id).setTenant("default").setName("poor network").setEnabled(true).setSource(RuleSource.quality)
        .setMetric("loss_pct").setAggregation(Aggregation.avg).setWindow("1m").setOp(CompareOp.gt)
        .setThreshold(threshold).setForS(30).setKeepFiringForS(0).setAbsentForS(null).setMatchers(List.of())
        .setGroup("network").setSeverity(Severity.warning).setLabels(Map.of()).setAnnotations(Map.of())
        .setVersion(version).build();
  }

  static LifecycleEvent lifecycle(String streamId, LifecycleState state, Instant ts, Long lsn) {
    return LifecycleEvent.newBuilder()
        .setEventId(UUID.randomUUID().toString()).setTs(ts).setTenant("default").setNodeId(null)
        .setCollectorSeq(null).setLabels(Map.of()).setEntity(LifecycleEntity.stream).setEntityId(streamId)
        .setStreamId(streamId).setState(state).setName("Stream " + streamId).setRoom(null).setStartedAt(ts)
        .setEndedAt(null).setOp(ChangeOp.u).setSource(LifecycleSource.cdc).setLsn(lsn).build();
  }
}

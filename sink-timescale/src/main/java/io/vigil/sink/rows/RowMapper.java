package io.vigil.sink.rows;

import io.vigil.schemas.avro.AlertEvent;
import io.vigil.schemas.avro.AlertRule;
import io.vigil.schemas.avro.HealthSample;
import io.vigil.schemas.avro.HealthWindow;
import io.vigil.schemas.avro.HistogramBucket;
import io.vigil.schemas.avro.LifecycleEvent;
import io.vigil.schemas.avro.Matcher;
import io.vigil.schemas.avro.MetricSample;
import io.vigil.schemas.avro.MetricWindow;
import io.vigil.schemas.avro.QualitySample;
import io.vigil.schemas.avro.QualityWindow;
import io.vigil.schemas.avro.Stats;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * Maps one decoded Kafka value to the rows it produces (pure: no I/O). An alert event gives two rows (current state
 * and history); a 10 s window gives none (only 1 min windows are stored); a rules tombstone gives a delete.
 */
public final class RowMapper {
  /** The window size stored in the *_windows_1m tables. */
  public static final String STORED_WINDOW = "1m";

  private RowMapper() {}

  public static List<Row> map(SpecificRecord value, SourceRecord src) {
    if (value == null) {
      return tombstone(src);
    }
    if (value instanceof QualitySample q) {
      return List.of(quality(q, src));
    } else if (value instanceof HealthSample h) {
      return List.of(health(h, src));
    } else if (value instanceof MetricSample m) {
      return List.of(metric(m, src));
    } else if (value instanceof QualityWindow w) {
      return STORED_WINDOW.equals(w.getWindow()) ? List.of(qualityWindow(w, src)) : List.of();
    } else if (value instanceof HealthWindow w) {
      return STORED_WINDOW.equals(w.getWindow()) ? List.of(healthWindow(w, src)) : List.of();
    } else if (value instanceof MetricWindow w) {
      return STORED_WINDOW.equals(w.getWindow()) ? List.of(metricWindow(w, src)) : List.of();
    } else if (value instanceof LifecycleEvent l) {
      return List.of(lifecycle(l, src));
    } else if (value instanceof AlertRule r) {
      return List.of(rule(r, src));
    } else if (value instanceof AlertEvent a) {
      return alert(a, src);
    }
    throw new IllegalArgumentException("no table for " + value.getClass().getSimpleName());
  }

  private static List<Row> tombstone(SourceRecord src) {
    if (src.topic().equals(io.vigil.schemas.topics.Topic.ALERT_RULES.topicName()) && src.key() != null) {
      return List.of(new Row(Table.ALERT_RULE_DELETES, new String[] {new String(src.key(), StandardCharsets.UTF_8)}, src));
    }
    return List.of(); // a tombstone elsewhere (compaction of lifecycle) has nothing to write
  }

  static Row quality(QualitySample q, SourceRecord src) {
    return new Row(Table.QUALITY_SAMPLES, new String[] {
        PgText.uuid(q.getEventId()), PgText.of(q.getTs()), PgText.of(q.getTenant()), PgText.of(q.getNodeId()),
        PgText.of(q.getCollectorSeq()), PgText.jsonMap(q.getLabels()), PgText.of(q.getStreamId()),
        PgText.of(q.getSessionId()), PgText.of(q.getRoom()), PgText.of(q.getParticipantId()),
        PgText.of(q.getTrackId()), PgText.of(q.getSsrc()), PgText.of(q.getKind()), PgText.of(q.getDirection()),
        PgText.of(q.getSource()), PgText.of(q.getCodec()), PgText.of(q.getIntervalMs()),
        PgText.of(q.getPacketsReceived()), PgText.of(q.getPacketsLost()), PgText.of(q.getLossPct()),
        PgText.of(q.getJitterMs()), PgText.of(q.getRttMs()), PgText.of(q.getBitrateKbps()),
        PgText.of(q.getAudioLevel()), PgText.of(q.getConcealmentPct()), PgText.of(q.getJitterBufferMs()),
        PgText.of(q.getFramesPerSecond()), PgText.of(q.getFrameWidth()), PgText.of(q.getFrameHeight()),
        PgText.of(q.getFramesDropped()), PgText.of(q.getFreezeCount()), PgText.of(q.getNackCount()),
        PgText.of(q.getPliCount()), PgText.of(q.getQualityLimitation()), PgText.of(q.getRelay()), PgText.of(q.getMos())
    }, src);
  }

  static Row health(HealthSample h, SourceRecord src) {
    return new Row(Table.HEALTH_SAMPLES, new String[] {
        PgText.uuid(h.getEventId()), PgText.of(h.getTs()), PgText.of(h.getTenant()), PgText.of(h.getNodeId()),
        PgText.of(h.getCollectorSeq()), PgText.jsonMap(h.getLabels()), PgText.of(h.getComponent()),
        PgText.of(h.getInstance()), PgText.of(h.getStreamId()), PgText.of(h.getStatus()), PgText.of(h.getExitCode()),
        PgText.of(h.getCpuPct()), PgText.of(h.getRssMb()), PgText.of(h.getThreads()), PgText.of(h.getUptimeS()),
        PgText.of(h.getFps()), PgText.of(h.getSpeed()), PgText.of(h.getBitrateKbps()), PgText.of(h.getOutTimeMs()),
        PgText.of(h.getFrames()), PgText.of(h.getDropFrames()), PgText.of(h.getDupFrames()), PgText.of(h.getRestarts()),
        PgText.of(h.getProducers()), PgText.of(h.getConsumers()), PgText.of(h.getDiskUsedMb()),
        PgText.of(h.getDiskFreeMb()), PgText.of(h.getRecordingSegments()), PgText.of(h.getOldestSegmentAgeS()),
        PgText.jsonMap(h.getExtra())
    }, src);
  }

  static Row metric(MetricSample m, SourceRecord src) {
    String buckets = null;
    if (m.getBuckets() != null) {
      List<Map<String, Object>> list = new ArrayList<>();
      for (HistogramBucket b : m.getBuckets()) {
        // JSON has no Infinity: the +Inf bucket is written as the string Prometheus uses.
        Object le = Double.isInfinite(b.getLe()) ? "+Inf" : (Object) b.getLe();
        list.add(Map.of("le", le, "count", b.getCount()));
      }
      buckets = PgText.json(list);
    }
    return new Row(Table.METRIC_SAMPLES, new String[] {
        PgText.uuid(m.getEventId()), PgText.of(m.getTs()), PgText.of(m.getTenant()), PgText.of(m.getNodeId()),
        PgText.of(m.getCollectorSeq()), PgText.jsonMap(m.getLabels()), PgText.of(m.getSource()), PgText.of(m.getName()),
        PgText.of(m.getKind()), PgText.of(m.getValue()), PgText.of(m.getCount()), buckets
    }, src);
  }

  static Row qualityWindow(QualityWindow w, SourceRecord src) {
    List<String> v = new ArrayList<>(List.of(
        PgText.uuid(w.getEventId()), PgText.of(w.getTenant()), PgText.jsonMap(w.getLabels())));
    v.add(PgText.of(w.getStreamId()));
    v.add(PgText.of(w.getStreamName()));
    v.add(PgText.of(w.getRoom()));
    v.add(PgText.of(w.getParticipantId()));
    v.add(PgText.of(w.getTrackId()));
    v.add(PgText.of(w.getKind()));
    v.add(PgText.of(w.getNodeId()));
    v.add(PgText.of(w.getWindowStart()));
    v.add(PgText.of(w.getWindowEnd()));
    v.add(PgText.of(w.getCount()));
    v.add(PgText.of(w.getPacketsReceived()));
    v.add(PgText.of(w.getPacketsLost()));
    for (Stats s : new Stats[] {w.getLossPct(), w.getJitterMs(), w.getRttMs(), w.getBitrateKbps(),
        w.getConcealmentPct(), w.getJitterBufferMs(), w.getFramesPerSecond()}) {
      stats(v, s);
    }
    v.add(PgText.of(w.getMosAvg()));
    v.add(PgText.of(w.getMosMin()));
    return new Row(Table.QUALITY_WINDOWS_1M, v.toArray(String[]::new), src);
  }

  static Row healthWindow(HealthWindow w, SourceRecord src) {
    List<String> v = new ArrayList<>(List.of(
        PgText.uuid(w.getEventId()), PgText.of(w.getTenant()), PgText.jsonMap(w.getLabels())));
    v.add(PgText.of(w.getNodeId()));
    v.add(PgText.of(w.getComponent()));
    v.add(PgText.of(w.getInstance()));
    v.add(PgText.of(w.getStreamId()));
    v.add(PgText.of(w.getWindowStart()));
    v.add(PgText.of(w.getWindowEnd()));
    v.add(PgText.of(w.getCount()));
    v.add(PgText.of(w.getLastStatus()));
    for (Stats s : new Stats[] {w.getCpuPct(), w.getRssMb(), w.getFps(), w.getSpeed(), w.getBitrateKbps(),
        w.getDiskFreeMb()}) {
      stats(v, s);
    }
    v.add(PgText.of(w.getDropFrames()));
    v.add(PgText.of(w.getRestarts()));
    return new Row(Table.HEALTH_WINDOWS_1M, v.toArray(String[]::new), src);
  }

  static Row metricWindow(MetricWindow w, SourceRecord src) {
    return new Row(Table.METRIC_WINDOWS, new String[] {
        PgText.uuid(w.getEventId()), PgText.of(w.getTenant()), PgText.jsonMap(w.getLabels()), PgText.of(w.getSource()),
        PgText.of(w.getNodeId()), PgText.of(w.getName()), PgText.of(w.getKind()), PgText.of(w.getWindowStart()),
        PgText.of(w.getWindowEnd()), PgText.of(w.getCount()), PgText.of(w.getMin()), PgText.of(w.getAvg()),
        PgText.of(w.getMax()), PgText.of(w.getP95()), PgText.of(w.getLast()), PgText.of(w.getRate())}, src);
  }

  private static void stats(List<String> v, Stats s) {
    // A window without values for a metric has no stats: all four columns stay NULL, never 0.
    v.add(s == null ? null : PgText.of(s.getMin()));
    v.add(s == null ? null : PgText.of(s.getAvg()));
    v.add(s == null ? null : PgText.of(s.getMax()));
    v.add(s == null ? null : PgText.of(s.getP95()));
  }

  static Row lifecycle(LifecycleEvent l, SourceRecord src) {
    return new Row(Table.LIFECYCLE, new String[] {
        PgText.of(l.getEntity()), PgText.of(l.getEntityId()), PgText.of(l.getTenant()), PgText.of(l.getStreamId()),
        PgText.of(l.getState()), PgText.of(l.getName()), PgText.of(l.getRoom()), PgText.of(l.getStartedAt()),
        PgText.of(l.getEndedAt()), PgText.of(l.getOp()), PgText.of(l.getSource()), PgText.of(l.getLsn()),
        PgText.jsonMap(l.getLabels()), PgText.of(l.getTs())
    }, src);
  }

  static Row rule(AlertRule r, SourceRecord src) {
    List<Map<String, String>> matchers = new ArrayList<>();
    for (Matcher m : r.getMatchers()) {
      Map<String, String> one = new LinkedHashMap<>();
      one.put("label", String.valueOf(m.getLabel()));
      one.put("op", String.valueOf(m.getOp()));
      one.put("value", String.valueOf(m.getValue()));
      matchers.add(one);
    }
    return new Row(Table.ALERT_RULES, new String[] {
        PgText.of(r.getRuleId()), PgText.of(r.getTenant()), PgText.of(r.getName()), PgText.of(r.getEnabled()),
        PgText.of(r.getSource()), PgText.of(r.getMetric()), PgText.of(r.getAggregation()), PgText.of(r.getWindow()),
        PgText.of(r.getOp()), PgText.of(r.getThreshold()), PgText.of(r.getForS()), PgText.of(r.getKeepFiringForS()),
        PgText.of(r.getAbsentForS()), PgText.json(matchers), PgText.of(r.getGroup()), PgText.of(r.getSeverity()),
        PgText.jsonMap(r.getLabels()), PgText.jsonMap(r.getAnnotations()), PgText.of(r.getVersion()), "kafka"
    }, src);
  }

  static List<Row> alert(AlertEvent a, SourceRecord src) {
    String[] current = {
        PgText.of(a.getFingerprint()), PgText.of(a.getTenant()), PgText.of(a.getRuleId()), PgText.of(a.getStatus()),
        PgText.of(a.getSeverity()), PgText.jsonMap(a.getLabels()), PgText.jsonMap(a.getAnnotations()),
        PgText.of(a.getValue()), PgText.of(a.getThreshold()), PgText.of(a.getStartsAt()), PgText.of(a.getEndsAt()),
        PgText.of(a.getUpdatedAt()), PgText.of(a.getGenerator())
    };
    String[] history = new String[current.length + 1];
    history[0] = PgText.uuid(a.getEventId());
    history[1] = current[1];
    history[2] = current[0];
    System.arraycopy(current, 2, history, 3, current.length - 2);
    return List.of(new Row(Table.ALERTS, current, src), new Row(Table.ALERT_EVENTS, history, src));
  }
}

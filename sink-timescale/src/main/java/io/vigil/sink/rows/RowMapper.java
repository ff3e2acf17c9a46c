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
      return List.of(new Row(Table.ALERT_RULE_DELETES, new Object[] {new String(src.key(), StandardCharsets.UTF_8)}, src));
    }
    return List.of(); // a tombstone elsewhere (compaction of lifecycle) has nothing to write
  }

  static Row quality(QualitySample q, SourceRecord src) {
    return new Row(Table.QUALITY_SAMPLES, new Object[] {
        Values.uuid(q.getEventId()), Values.of(q.getTs()), Values.of(q.getTenant()), Values.of(q.getNodeId()),
        Values.of(q.getCollectorSeq()), PgText.jsonMap(q.getLabels()), Values.of(q.getStreamId()),
        Values.of(q.getSessionId()), Values.of(q.getRoom()), Values.of(q.getParticipantId()),
        Values.of(q.getTrackId()), Values.of(q.getSsrc()), Values.of(q.getKind()), Values.of(q.getDirection()),
        Values.of(q.getSource()), Values.of(q.getCodec()), Values.of(q.getIntervalMs()),
        Values.of(q.getPacketsReceived()), Values.of(q.getPacketsLost()), Values.of(q.getLossPct()),
        Values.of(q.getJitterMs()), Values.of(q.getRttMs()), Values.of(q.getBitrateKbps()),
        Values.of(q.getAudioLevel()), Values.of(q.getConcealmentPct()), Values.of(q.getJitterBufferMs()),
        Values.of(q.getFramesPerSecond()), Values.of(q.getFrameWidth()), Values.of(q.getFrameHeight()),
        Values.of(q.getFramesDropped()), Values.of(q.getFreezeCount()), Values.of(q.getNackCount()),
        Values.of(q.getPliCount()), Values.of(q.getQualityLimitation()), Values.of(q.getRelay()), Values.of(q.getMos())
    }, src);
  }

  static Row health(HealthSample h, SourceRecord src) {
    return new Row(Table.HEALTH_SAMPLES, new Object[] {
        Values.uuid(h.getEventId()), Values.of(h.getTs()), Values.of(h.getTenant()), Values.of(h.getNodeId()),
        Values.of(h.getCollectorSeq()), PgText.jsonMap(h.getLabels()), Values.of(h.getComponent()),
        Values.of(h.getInstance()), Values.of(h.getStreamId()), Values.of(h.getStatus()), Values.of(h.getExitCode()),
        Values.of(h.getCpuPct()), Values.of(h.getRssMb()), Values.of(h.getThreads()), Values.of(h.getUptimeS()),
        Values.of(h.getFps()), Values.of(h.getSpeed()), Values.of(h.getBitrateKbps()), Values.of(h.getOutTimeMs()),
        Values.of(h.getFrames()), Values.of(h.getDropFrames()), Values.of(h.getDupFrames()), Values.of(h.getRestarts()),
        Values.of(h.getProducers()), Values.of(h.getConsumers()), Values.of(h.getDiskUsedMb()),
        Values.of(h.getDiskFreeMb()), Values.of(h.getRecordingSegments()), Values.of(h.getOldestSegmentAgeS()),
        PgText.jsonMap(h.getExtra())
    }, src);
  }

  static Row metric(MetricSample m, SourceRecord src) {
    String buckets = null; // jsonb
    if (m.getBuckets() != null) {
      List<Map<String, Object>> list = new ArrayList<>();
      for (HistogramBucket b : m.getBuckets()) {
        // JSON has no Infinity: the +Inf bucket is written as the string Prometheus uses.
        Object le = Double.isInfinite(b.getLe()) ? "+Inf" : (Object) b.getLe();
        list.add(Map.of("le", le, "count", b.getCount()));
      }
      buckets = PgText.json(list);
    }
    return new Row(Table.METRIC_SAMPLES, new Object[] {
        Values.uuid(m.getEventId()), Values.of(m.getTs()), Values.of(m.getTenant()), Values.of(m.getNodeId()),
        Values.of(m.getCollectorSeq()), PgText.jsonMap(m.getLabels()), Values.of(m.getSource()), Values.of(m.getName()),
        Values.of(m.getKind()), Values.of(m.getValue()), Values.of(m.getCount()), buckets
    }, src);
  }

  static Row qualityWindow(QualityWindow w, SourceRecord src) {
    List<Object> v = new ArrayList<>(List.of(
        Values.uuid(w.getEventId()), Values.of(w.getTenant()), PgText.jsonMap(w.getLabels())));
    v.add(Values.of(w.getStreamId()));
    v.add(Values.of(w.getStreamName()));
    v.add(Values.of(w.getRoom()));
    v.add(Values.of(w.getParticipantId()));
    v.add(Values.of(w.getTrackId()));
    v.add(Values.of(w.getKind()));
    v.add(Values.of(w.getNodeId()));
    v.add(Values.of(w.getWindowStart()));
    v.add(Values.of(w.getWindowEnd()));
    v.add(Values.of(w.getCount()));
    v.add(Values.of(w.getPacketsReceived()));
    v.add(Values.of(w.getPacketsLost()));
    for (Stats s : new Stats[] {w.getLossPct(), w.getJitterMs(), w.getRttMs(), w.getBitrateKbps(),
        w.getConcealmentPct(), w.getJitterBufferMs(), w.getFramesPerSecond()}) {
      stats(v, s);
    }
    v.add(Values.of(w.getMosAvg()));
    v.add(Values.of(w.getMosMin()));
    return new Row(Table.QUALITY_WINDOWS_1M, v.toArray(), src);
  }

  static Row healthWindow(HealthWindow w, SourceRecord src) {
    List<Object> v = new ArrayList<>(List.of(
        Values.uuid(w.getEventId()), Values.of(w.getTenant()), PgText.jsonMap(w.getLabels())));
    v.add(Values.of(w.getNodeId()));
    v.add(Values.of(w.getComponent()));
    v.add(Values.of(w.getInstance()));
    v.add(Values.of(w.getStreamId()));
    v.add(Values.of(w.getWindowStart()));
    v.add(Values.of(w.getWindowEnd()));
    v.add(Values.of(w.getCount()));
    v.add(Values.of(w.getLastStatus()));
    for (Stats s : new Stats[] {w.getCpuPct(), w.getRssMb(), w.getFps(), w.getSpeed(), w.getBitrateKbps(),
        w.getDiskFreeMb()}) {
      stats(v, s);
    }
    v.add(Values.of(w.getDropFrames()));
    v.add(Values.of(w.getRestarts()));
    return new Row(Table.HEALTH_WINDOWS_1M, v.toArray(), src);
  }

  static Row metricWindow(MetricWindow w, SourceRecord src) {
    return new Row(Table.METRIC_WINDOWS, new Object[] {
        Values.uuid(w.getEventId()), Values.of(w.getTenant()), PgText.jsonMap(w.getLabels()), Values.of(w.getSource()),
        Values.of(w.getNodeId()), Values.of(w.getName()), Values.of(w.getKind()), Values.of(w.getWindowStart()),
        Values.of(w.getWindowEnd()), Values.of(w.getCount()), Values.of(w.getMin()), Values.of(w.getAvg()),
        Values.of(w.getMax()), Values.of(w.getP95()), Values.of(w.getLast()), Values.of(w.getRate())}, src);
  }

  private static void stats(List<Object> v, Stats s) {
    // A window without values for a metric has no stats: all four columns stay NULL, never 0.
    v.add(s == null ? null : Values.of(s.getMin()));
    v.add(s == null ? null : Values.of(s.getAvg()));
    v.add(s == null ? null : Values.of(s.getMax()));
    v.add(s == null ? null : Values.of(s.getP95()));
  }

  static Row lifecycle(LifecycleEvent l, SourceRecord src) {
    return new Row(Table.LIFECYCLE, new Object[] {
        Values.of(l.getEntity()), Values.of(l.getEntityId()), Values.of(l.getTenant()), Values.of(l.getStreamId()),
        Values.of(l.getState()), Values.of(l.getName()), Values.of(l.getRoom()), Values.of(l.getStartedAt()),
        Values.of(l.getEndedAt()), Values.of(l.getOp()), Values.of(l.getSource()), Values.of(l.getLsn()),
        PgText.jsonMap(l.getLabels()), Values.of(l.getTs())
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
    return new Row(Table.ALERT_RULES, new Object[] {
        Values.of(r.getRuleId()), Values.of(r.getTenant()), Values.of(r.getName()), Values.of(r.getEnabled()),
        Values.of(r.getSource()), Values.of(r.getMetric()), Values.of(r.getAggregation()), Values.of(r.getWindow()),
        Values.of(r.getOp()), Values.of(r.getThreshold()), Values.of(r.getForS()), Values.of(r.getKeepFiringForS()),
        Values.of(r.getAbsentForS()), PgText.json(matchers), Values.of(r.getGroup()), Values.of(r.getSeverity()),
        PgText.jsonMap(r.getLabels()), PgText.jsonMap(r.getAnnotations()), Values.of(r.getVersion()), "kafka"
    }, src);
  }

  static List<Row> alert(AlertEvent a, SourceRecord src) {
    Object[] current = {
        Values.of(a.getFingerprint()), Values.of(a.getTenant()), Values.of(a.getRuleId()), Values.of(a.getStatus()),
        Values.of(a.getSeverity()), PgText.jsonMap(a.getLabels()), PgText.jsonMap(a.getAnnotations()),
        Values.of(a.getValue()), Values.of(a.getThreshold()), Values.of(a.getStartsAt()), Values.of(a.getEndsAt()),
        Values.of(a.getUpdatedAt()), Values.of(a.getGenerator())
    };
    Object[] history = new Object[current.length + 1];
    history[0] = Values.uuid(a.getEventId());
    history[1] = current[1];
    history[2] = current[0];
    System.arraycopy(current, 2, history, 3, current.length - 2);
    return List.of(new Row(Table.ALERTS, current, src), new Row(Table.ALERT_EVENTS, history, src));
  }
}

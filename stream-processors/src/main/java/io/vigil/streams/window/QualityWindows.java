package io.vigil.streams.window;

import io.vigil.schemas.avro.MediaKind;
import io.vigil.schemas.avro.QualitySample;
import io.vigil.schemas.avro.QualityWindow;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Pure mapping between quality samples, their window aggregates and the emitted {@link QualityWindow}. */
public final class QualityWindows {
  /** The metrics aggregated with min/avg/max/p95; "mos" feeds mos_avg/mos_min. */
  public static final List<String> METRICS = List.of("loss_pct", "jitter_ms", "rtt_ms", "bitrate_kbps",
      "concealment_pct", "jitter_buffer_ms", "frames_per_second", "mos");

  private QualityWindows() {}

  /** Dimensions of the per-track series. */
  public static Map<String, String> trackDims(QualitySample s, String streamName) {
    Map<String, String> d = participantDims(s, streamName);
    String track = s.getTrackId() != null ? s.getTrackId() : s.getSsrc() != null ? "ssrc-" + s.getSsrc() : null;
    put(d, "track_id", track);
    put(d, "kind", s.getKind().name());
    return d;
  }

  /** Dimensions of the per-stream/participant series (all tracks of the participant together). */
  public static Map<String, String> participantDims(QualitySample s, String streamName) {
    Map<String, String> d = new HashMap<>();
    put(d, "tenant", s.getTenant());
    put(d, "stream_id", s.getStreamId());
    put(d, "participant_id", s.getParticipantId());
    put(d, "room", s.getRoom());
    put(d, "stream_name", streamName);
    put(d, "node_id", s.getNodeId());
    return d;
  }

  public static void add(WindowAggregate a, QualitySample s) {
    a.count++;
    a.lastTs = Math.max(a.lastTs, s.getTs().toEpochMilli());
    a.add("loss_pct", s.getLossPct());
    a.add("jitter_ms", s.getJitterMs());
    a.add("rtt_ms", s.getRttMs());
    a.add("bitrate_kbps", s.getBitrateKbps());
    a.add("concealment_pct", s.getConcealmentPct());
    a.add("jitter_buffer_ms", s.getJitterBufferMs());
    a.add("frames_per_second", s.getFramesPerSecond());
    a.add("mos", s.getMos());
    a.sum("packets_received", s.getPacketsReceived());
    a.sum("packets_lost", s.getPacketsLost());
  }

  /**
   * Folds a closed 10 s window into the 1 min window of the same series: the same count, min/avg/max, sketch and
   * counters as adding its samples one by one (see {@link Rollup}).
   */
  public static void merge(WindowAggregate into, WindowAggregate from) {
    into.count += from.count;
    into.lastTs = Math.max(into.lastTs, from.lastTs);
    into.mergeMetrics(from);
    into.sumCounters(from);
  }

  public static QualityWindow toAvro(WindowAggregate a) {
    Map<String, String> d = a.dims;
    MetricAccumulator mos = a.metric("mos");
    return QualityWindow.newBuilder()
        .setEventId(deterministicId(a))
        .setTs(Instant.ofEpochMilli(a.end()))
        .setTenant(d.getOrDefault("tenant", "default"))
        .setStreamId(d.get("stream_id"))
        .setStreamName(d.get("stream_name"))
        .setRoom(d.get("room"))
        .setParticipantId(d.get("participant_id"))
        .setTrackId(d.get("track_id"))
        .setKind(d.containsKey("kind") ? MediaKind.valueOf(d.get("kind")) : null)
        .setNodeId(d.get("node_id"))
        .setWindowStart(Instant.ofEpochMilli(a.start()))
        .setWindowEnd(Instant.ofEpochMilli(a.end()))
        .setWindow(a.window)
        .setCount(a.count)
        .setPacketsReceived(a.counter("packets_received"))
        .setPacketsLost(a.counter("packets_lost"))
        .setLossPct(stats(a, "loss_pct"))
        .setJitterMs(stats(a, "jitter_ms"))
        .setRttMs(stats(a, "rtt_ms"))
        .setBitrateKbps(stats(a, "bitrate_kbps"))
        .setConcealmentPct(stats(a, "concealment_pct"))
        .setJitterBufferMs(stats(a, "jitter_buffer_ms"))
        .setFramesPerSecond(stats(a, "frames_per_second"))
        .setMosAvg(mos == null ? null : mos.avg())
        .setMosMin(mos == null ? null : mos.min())
        .build();
  }

  static io.vigil.schemas.avro.Stats stats(WindowAggregate a, String name) {
    MetricAccumulator m = a.metric(name);
    return m == null ? null : m.toStats();
  }

  /** Same window, same id: a consumer can de-duplicate on event_id even across an at-least-once replay. */
  static String deterministicId(WindowAggregate a) {
    return UUID.nameUUIDFromBytes((a.window + "|" + a.start() + "|" + a.dims).getBytes()).toString();
  }

  static void put(Map<String, String> d, String k, String v) {
    if (v != null && !v.isEmpty()) {
      d.put(k, v);
    }
  }
}

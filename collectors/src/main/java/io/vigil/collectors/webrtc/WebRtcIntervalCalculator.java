package io.vigil.collectors.webrtc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.schemas.avro.Direction;
import io.vigil.schemas.avro.MediaKind;
import io.vigil.schemas.avro.QualityLimitation;
import io.vigil.schemas.avro.QualitySample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import io.vigil.collectors.delivery.EventIds;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns consecutive cumulative W3C getStats() reports into per-interval {@link QualitySample}s, one per RTP track
 * (inbound-rtp and outbound-rtp). No I/O: it keeps the previous report of each track in memory.
 *
 * <p>Interval math: loss % = Δlost / (Δlost + Δreceived) · 100; kbps = 8 · Δbytes / Δt(ms); jitter and RTT are W3C
 * seconds · 1000; concealment % = ΔconcealedSamples / ΔtotalSamplesReceived · 100; jitter buffer ms =
 * ΔjitterBufferDelay / ΔjitterBufferEmittedCount · 1000. RTT comes from remote-inbound-rtp (outbound tracks) or
 * remote-outbound-rtp (inbound tracks), falling back to the selected candidate pair's currentRoundTripTime.
 * The first report of a track, a changed ssrc, or a counter that went backwards starts a new series (no sample).
 * Not thread-safe per instance; callers serialise updates (the push endpoint synchronises per calculator).
 */
public final class WebRtcIntervalCalculator {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String nodeId;
  private final AtomicLong seq;
  private final Map<String, Track> tracks = new HashMap<>();
  /** The report being read, one value per {@link Counter} (NaN: absent); reused, as updates are serialised. */
  private final double[] current = new double[Counter.COUNT];

  /** The cumulative counters a track's deltas come from; NaN where the report did not give one. */
  private enum Counter {
    PACKETS_RECEIVED, PACKETS_LOST, BYTES, CONCEALED, TOTAL_SAMPLES, JB_DELAY, JB_EMITTED, FRAMES, FRAMES_DROPPED,
    FREEZES, NACKS, PLIS, REMOTE_LOST;

    static final int COUNT = values().length;
  }

  /**
   * One track's last accepted report. Updated in place: 20,000 tracks reporting every second made a new snapshot
   * (and a box per counter) each second that lived just long enough to be copied by every young collection.
   */
  private static final class Track {
    long ssrc;
    double tsMs;
    final double[] counters = new double[Counter.COUNT];
    long seenAtMs;

    Track(long ssrc, double tsMs, double[] counters, Instant seenAt) {
      accept(ssrc, tsMs, counters, seenAt);
    }

    void accept(long ssrc, double tsMs, double[] counters, Instant seenAt) {
      this.ssrc = ssrc;
      this.tsMs = tsMs;
      System.arraycopy(counters, 0, this.counters, 0, Counter.COUNT);
      this.seenAtMs = seenAt.toEpochMilli();
    }

    double get(Counter c) {
      return counters[c.ordinal()];
    }
  }

  public WebRtcIntervalCalculator(String nodeId) {
    this(nodeId, new AtomicLong());
  }

  public WebRtcIntervalCalculator(String nodeId, AtomicLong sequence) {
    this.nodeId = nodeId;
    this.seq = sequence;
  }

  /** Convenience for tests and tools: the report as JSON text (array or map of RTCStats). */
  public List<QualitySample> update(StreamIdentity id, String reportJson, Instant ts) {
    try {
      return update(id, JSON.readTree(reportJson), ts);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("getStats() report is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  public List<QualitySample> update(StreamIdentity id, JsonNode reportJson, Instant ts) {
    return update(id, StatsReport.of(reportJson), ts);
  }

  public List<QualitySample> update(StreamIdentity id, StatsReport report, Instant ts) {
    List<QualitySample> out = new ArrayList<>();
    RtcStats pair = report.selectedCandidatePair();
    Double pairRtt = RtcStats.num(pair, StatField.currentRoundTripTime);
    Boolean relay = relay(report, pair);
    for (RtcStats s : report.ofType("inbound-rtp")) {
      track(id, report, s, Direction.inbound, pairRtt, relay, ts).ifPresent(out::add);
    }
    for (RtcStats s : report.ofType("outbound-rtp")) {
      track(id, report, s, Direction.outbound, pairRtt, relay, ts).ifPresent(out::add);
    }
    return out;
  }

  private java.util.Optional<QualitySample> track(StreamIdentity id, StatsReport report, RtcStats s, Direction dir,
      Double pairRtt, Boolean relay, Instant ts) {
    String statsId = RtcStats.text(s, StatField.id);
    String kindText = s.text(StatField.kind) != null ? s.text(StatField.kind) : s.text(StatField.mediaType);
    Double ssrcNum = RtcStats.num(s, StatField.ssrc);
    Double tsMs = RtcStats.num(s, StatField.timestamp);
    if (statsId == null || ssrcNum == null || tsMs == null || !("audio".equals(kindText) || "video".equals(kindText))) {
      return java.util.Optional.empty();
    }
    boolean inbound = dir == Direction.inbound;
    RtcStats remote = report.byId(RtcStats.text(s, StatField.remoteId));
    double[] cur = current;
    put(cur, Counter.PACKETS_RECEIVED, s, inbound ? StatField.packetsReceived : StatField.packetsSent);
    put(cur, Counter.PACKETS_LOST, inbound ? s : null, StatField.packetsLost);
    put(cur, Counter.BYTES, s, inbound ? StatField.bytesReceived : StatField.bytesSent);
    put(cur, Counter.CONCEALED, s, StatField.concealedSamples);
    put(cur, Counter.TOTAL_SAMPLES, s, StatField.totalSamplesReceived);
    put(cur, Counter.JB_DELAY, s, StatField.jitterBufferDelay);
    put(cur, Counter.JB_EMITTED, s, StatField.jitterBufferEmittedCount);
    put(cur, Counter.FRAMES, s, inbound ? StatField.framesDecoded : StatField.framesEncoded);
    put(cur, Counter.FRAMES_DROPPED, s, StatField.framesDropped);
    put(cur, Counter.FREEZES, s, StatField.freezeCount);
    put(cur, Counter.NACKS, s, StatField.nackCount);
    put(cur, Counter.PLIS, s, StatField.pliCount);
    put(cur, Counter.REMOTE_LOST, inbound ? null : remote, StatField.packetsLost);
    long ssrc = ssrcNum.longValue();
    String key = id.streamId() + '\u0000' + id.participantId() + '\u0000' + statsId;
    Track prev = tracks.get(key);
    if (prev == null) {
      tracks.put(key, new Track(ssrc, tsMs, cur, ts));
      return java.util.Optional.empty(); // new series
    }
    if (prev.ssrc != ssrc || wentBackwards(prev.counters, cur)) {
      prev.accept(ssrc, tsMs, cur, ts);
      return java.util.Optional.empty(); // new series
    }
    double dtMs = tsMs - prev.tsMs;
    if (dtMs <= 0) {
      return java.util.Optional.empty(); // same or older report: keep the older baseline, emit nothing
    }
    MediaKind kind = MediaKind.valueOf(kindText);
    // Plain constructor + setters: Avro's Builder.build() deep-copies every default, ~10x slower on this hot path.
    QualitySample b = new QualitySample();
    b.setEventId(EventIds.next());
    b.setTs(ts);
    b.setNodeId(nodeId);
    b.setCollectorSeq(seq.incrementAndGet());
    b.setLabels(new HashMap<>(id.labels()));
    b.setStreamId(id.streamId());
    b.setSessionId(id.sessionId());
    b.setRoom(id.room());
    b.setParticipantId(id.participantId());
    String trackId = s.text(StatField.trackIdentifier);
    b.setTrackId(trackId != null ? trackId : statsId);
    b.setSsrc(ssrc);
    b.setKind(kind);
    b.setDirection(dir);
    b.setSource(id.source());
    b.setCodec(RtcStats.text(report.byId(RtcStats.text(s, StatField.codecId)), StatField.mimeType));
    b.setIntervalMs(Math.round(dtMs));
    b.setRelay(relay);
    b.setTenant("default");
    Long dRecv = delta(prev, cur, Counter.PACKETS_RECEIVED);
    Long dLost = delta(prev, cur, inbound ? Counter.PACKETS_LOST : Counter.REMOTE_LOST);
    b.setPacketsReceived(inbound ? dRecv : null);
    b.setPacketsLost(dLost);
    if (dRecv != null && dLost != null) {
      b.setLossPct(dLost + dRecv > 0 ? 100.0 * dLost / (dLost + dRecv) : 0.0);
    }
    Long dBytes = delta(prev, cur, Counter.BYTES);
    if (dBytes != null) {
      b.setBitrateKbps(8.0 * dBytes / dtMs);
    }
    Double jitter = inbound ? RtcStats.num(s, StatField.jitter) : RtcStats.num(remote, StatField.jitter);
    b.setJitterMs(jitter == null ? null : jitter * 1000);
    Double rtt = RtcStats.num(remote, StatField.roundTripTime); // remote-outbound-rtp or remote-inbound-rtp
    rtt = rtt != null ? rtt : pairRtt;
    b.setRttMs(rtt == null ? null : rtt * 1000);
    Double level = RtcStats.num(s, StatField.audioLevel);
    b.setAudioLevel(level != null && level <= 1 ? level : null);
    Long dConcealed = delta(prev, cur, Counter.CONCEALED);
    Long dTotal = delta(prev, cur, Counter.TOTAL_SAMPLES);
    if (dConcealed != null && dTotal != null && dTotal > 0) {
      b.setConcealmentPct(Math.min(100.0, 100.0 * dConcealed / dTotal));
    }
    double dJb = Math.max(0.0, cur[Counter.JB_DELAY.ordinal()] - prev.get(Counter.JB_DELAY)); // NaN if either absent
    Long dEmitted = delta(prev, cur, Counter.JB_EMITTED);
    if (!Double.isNaN(dJb) && dEmitted != null && dEmitted > 0) {
      b.setJitterBufferMs(1000.0 * dJb / dEmitted);
    }
    if (kind == MediaKind.video) {
      Double fps = RtcStats.num(s, StatField.framesPerSecond);
      Long dFrames = delta(prev, cur, Counter.FRAMES);
      b.setFramesPerSecond(fps != null ? fps : dFrames == null ? null : 1000.0 * dFrames / dtMs);
      Double w = RtcStats.num(s, StatField.frameWidth);
      Double h = RtcStats.num(s, StatField.frameHeight);
      b.setFrameWidth(w == null ? null : w.intValue());
      b.setFrameHeight(h == null ? null : h.intValue());
      b.setFramesDropped(delta(prev, cur, Counter.FRAMES_DROPPED));
      b.setFreezeCount(delta(prev, cur, Counter.FREEZES));
      b.setPliCount(delta(prev, cur, Counter.PLIS));
      b.setQualityLimitation(limitation(RtcStats.text(s, StatField.qualityLimitationReason)));
    }
    b.setNackCount(delta(prev, cur, Counter.NACKS));
    prev.accept(ssrc, tsMs, cur, ts);
    return java.util.Optional.of(b);
  }

  /** The counter from the stats object (NaN when the object or the member is absent or not a valid number). */
  private static void put(double[] into, Counter c, RtcStats s, StatField f) {
    Double v = RtcStats.num(s, f);
    into[c.ordinal()] = v == null ? Double.NaN : v;
  }

  // NaN compares false, so an absent counter never reads as having gone backwards
  private static boolean wentBackwards(double[] p, double[] c) {
    int lost = Counter.PACKETS_LOST.ordinal();
    return c[Counter.PACKETS_RECEIVED.ordinal()] < p[Counter.PACKETS_RECEIVED.ordinal()]
        || c[Counter.BYTES.ordinal()] < p[Counter.BYTES.ordinal()]
        || c[lost] < p[lost] && c[lost] + 1000 < p[lost];
  }

  private static Long delta(Track prev, double[] cur, Counter c) {
    double before = prev.get(c);
    double now = cur[c.ordinal()];
    // packetsLost may go down slightly (late-arriving retransmissions); clamp at 0 instead of a negative delta
    return Double.isNaN(before) || Double.isNaN(now) ? null : Math.max(0L, Math.round(now - before));
  }

  private static QualityLimitation limitation(String reason) {
    if (reason == null) {
      return null;
    }
    return switch (reason) {
      case "none" -> QualityLimitation.none;
      case "bandwidth" -> QualityLimitation.bandwidth;
      case "cpu" -> QualityLimitation.cpu;
      default -> QualityLimitation.other;
    };
  }

  private static Boolean relay(StatsReport report, RtcStats pair) {
    if (pair == null) {
      return null;
    }
    RtcStats local = report.byId(RtcStats.text(pair, StatField.localCandidateId));
    RtcStats remote = report.byId(RtcStats.text(pair, StatField.remoteCandidateId));
    if (local == null && remote == null) {
      return null;
    }
    return "relay".equals(RtcStats.text(local, StatField.candidateType))
        || "relay".equals(RtcStats.text(remote, StatField.candidateType));
  }

  /** Forgets tracks not reported since {@code cutoff}, so memory stays bounded; returns how many were dropped. */
  public int forgetIdleSince(Instant cutoff) {
    int n = 0;
    long cutoffMs = cutoff.toEpochMilli();
    for (Iterator<Track> it = tracks.values().iterator(); it.hasNext(); ) {
      if (it.next().seenAtMs < cutoffMs) {
        it.remove();
        n++;
      }
    }
    return n;
  }

  public int trackedTracks() {
    return tracks.size();
  }
}

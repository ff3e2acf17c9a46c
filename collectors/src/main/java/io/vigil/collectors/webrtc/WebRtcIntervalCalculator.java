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
  private final Map<String, Snapshot> previous = new HashMap<>();

  /** Cumulative counters of one track at one report. */
  record Snapshot(long ssrc, double tsMs, Double packetsReceived, Double packetsLost, Double bytes, Double concealed,
      Double totalSamples, Double jbDelay, Double jbEmitted, Double framesDecoded, Double framesDropped,
      Double freezes, Double nacks, Double plis, Double remoteLost, Instant seenAt) {}

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
    Snapshot cur = new Snapshot(ssrcNum.longValue(), tsMs,
        inbound ? RtcStats.num(s, StatField.packetsReceived) : RtcStats.num(s, StatField.packetsSent),
        inbound ? RtcStats.num(s, StatField.packetsLost) : null,
        inbound ? RtcStats.num(s, StatField.bytesReceived) : RtcStats.num(s, StatField.bytesSent),
        RtcStats.num(s, StatField.concealedSamples), RtcStats.num(s, StatField.totalSamplesReceived),
        RtcStats.num(s, StatField.jitterBufferDelay), RtcStats.num(s, StatField.jitterBufferEmittedCount),
        inbound ? RtcStats.num(s, StatField.framesDecoded) : RtcStats.num(s, StatField.framesEncoded),
        RtcStats.num(s, StatField.framesDropped), RtcStats.num(s, StatField.freezeCount),
        RtcStats.num(s, StatField.nackCount),
        RtcStats.num(s, StatField.pliCount), inbound ? null : RtcStats.num(remote, StatField.packetsLost), ts);
    String key = id.streamId() + '\u0000' + id.participantId() + '\u0000' + statsId;
    Snapshot prev = previous.put(key, cur);
    if (prev == null || prev.ssrc() != cur.ssrc() || wentBackwards(prev, cur)) {
      return java.util.Optional.empty(); // new series
    }
    double dtMs = cur.tsMs() - prev.tsMs();
    if (dtMs <= 0) {
      previous.put(key, prev); // same or older report: keep the older baseline, emit nothing
      return java.util.Optional.empty();
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
    b.setSsrc(cur.ssrc());
    b.setKind(kind);
    b.setDirection(dir);
    b.setSource(id.source());
    b.setCodec(RtcStats.text(report.byId(RtcStats.text(s, StatField.codecId)), StatField.mimeType));
    b.setIntervalMs(Math.round(dtMs));
    b.setRelay(relay);
    b.setTenant("default");
    Long dRecv = delta(prev.packetsReceived(), cur.packetsReceived());
    Long dLost = inbound ? delta(prev.packetsLost(), cur.packetsLost()) : delta(prev.remoteLost(), cur.remoteLost());
    b.setPacketsReceived(inbound ? dRecv : null);
    b.setPacketsLost(dLost);
    if (dRecv != null && dLost != null) {
      b.setLossPct(dLost + dRecv > 0 ? 100.0 * dLost / (dLost + dRecv) : 0.0);
    }
    Long dBytes = delta(prev.bytes(), cur.bytes());
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
    Long dConcealed = delta(prev.concealed(), cur.concealed());
    Long dTotal = delta(prev.totalSamples(), cur.totalSamples());
    if (dConcealed != null && dTotal != null && dTotal > 0) {
      b.setConcealmentPct(Math.min(100.0, 100.0 * dConcealed / dTotal));
    }
    Double dJb = deltaD(prev.jbDelay(), cur.jbDelay());
    Long dEmitted = delta(prev.jbEmitted(), cur.jbEmitted());
    if (dJb != null && dEmitted != null && dEmitted > 0) {
      b.setJitterBufferMs(1000.0 * dJb / dEmitted);
    }
    if (kind == MediaKind.video) {
      Double fps = RtcStats.num(s, StatField.framesPerSecond);
      Long dFrames = delta(prev.framesDecoded(), cur.framesDecoded());
      b.setFramesPerSecond(fps != null ? fps : dFrames == null ? null : 1000.0 * dFrames / dtMs);
      Double w = RtcStats.num(s, StatField.frameWidth);
      Double h = RtcStats.num(s, StatField.frameHeight);
      b.setFrameWidth(w == null ? null : w.intValue());
      b.setFrameHeight(h == null ? null : h.intValue());
      b.setFramesDropped(delta(prev.framesDropped(), cur.framesDropped()));
      b.setFreezeCount(delta(prev.freezes(), cur.freezes()));
      b.setPliCount(delta(prev.plis(), cur.plis()));
      b.setQualityLimitation(limitation(RtcStats.text(s, StatField.qualityLimitationReason)));
    }
    b.setNackCount(delta(prev.nacks(), cur.nacks()));
    return java.util.Optional.of(b);
  }

  private static boolean wentBackwards(Snapshot p, Snapshot c) {
    return lower(p.packetsReceived(), c.packetsReceived()) || lower(p.bytes(), c.bytes())
        || lower(p.packetsLost(), c.packetsLost()) && c.packetsLost() + 1000 < p.packetsLost();
  }

  private static boolean lower(Double before, Double now) {
    return before != null && now != null && now < before;
  }

  private static Long delta(Double before, Double now) {
    // packetsLost may go down slightly (late-arriving retransmissions); clamp at 0 instead of a negative delta
    return before == null || now == null ? null : Math.max(0L, Math.round(now - before));
  }

  private static Double deltaD(Double before, Double now) {
    return before == null || now == null ? null : Math.max(0.0, now - before);
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
    for (Iterator<Snapshot> it = previous.values().iterator(); it.hasNext(); ) {
      if (it.next().seenAt().isBefore(cutoff)) {
        it.remove();
        n++;
      }
    }
    return n;
  }

  public int trackedTracks() {
    return previous.size();
  }
}

package io.vigil.collectors.mediasoup;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.collectors.delivery.EventIds;
import io.vigil.collectors.http.BadRequest;
import io.vigil.collectors.http.JsonBodies;
import io.vigil.schemas.avro.Component;
import io.vigil.schemas.avro.Direction;
import io.vigil.schemas.avro.HealthSample;
import io.vigil.schemas.avro.HealthStatus;
import io.vigil.schemas.avro.MediaKind;
import io.vigil.schemas.avro.QualitySample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.avro.specific.SpecificRecord;

/**
 * Maps mediasoup v3 {@code producer.getStats()}, {@code consumer.getStats()} and {@code transport.getStats()} JSON
 * (see {@link MediasoupStatsController} for the request shape) to records:
 *
 * <ul>
 *   <li>each {@code inbound-rtp} (a producer's RtpStreamRecvStats: media into the SFU) and {@code outbound-rtp}
 *       (a consumer's RtpStreamSendStats: media out of the SFU, loss/jitter/RTT from the endpoint's receiver reports)
 *       becomes one {@link QualitySample}, source {@code mediasoup};</li>
 *   <li>the request's {@code producers}/{@code consumers} counts and the transports' bitrates become one
 *       {@link HealthSample} (component {@code sfu}).</li>
 * </ul>
 *
 * <p>Units and choices:
 * <ul>
 *   <li>loss %: Δ{@code packetsLost} / (Δ{@code packetsLost} + Δ{@code packetCount}) · 100 for inbound-rtp and
 *       Δ{@code packetsLost} / Δ{@code packetCount} · 100 (capped at 100) for outbound-rtp, between consecutive
 *       reports of the same ssrc; on a stream's first report (or after a reset) the RTCP {@code fractionLost}
 *       (0–255) / 256 · 100 instead.</li>
 *   <li>jitter: mediasoup ≥ 3.12 (versatica/mediasoup#1018) computes the inbound-rtp jitter in RTP timestamp units,
 *       and outbound-rtp jitter is the receiver report's, also RTP timestamp units. So by default jitter ms =
 *       jitter / clock rate · 1000, the clock rate from {@code clockRate} on the stats object if present, else from
 *       {@code mimeType} (audio/opus, video/*: 48 kHz / 90 kHz; G.711/G.722: 8 kHz). Older workers computed the
 *       inbound jitter in milliseconds: send {@code "jitter_unit":"ms"} for those. Unknown clock rate: no jitter.</li>
 *   <li>RTT: {@code roundTripTime} is already milliseconds in mediasoup (from RTCP RR/SR or XR).</li>
 *   <li>kbps: {@code bitrate} (bits/s over mediasoup's own rate window) / 1000, else Δ{@code byteCount}·8/Δt.</li>
 *   <li>NACK/PLI: Δ{@code nackCount}, Δ{@code pliCount} (PLI for video only).</li>
 *   <li>{@code score} (0–10) has no QualitySample field: it goes to the label {@code mediasoup_score}; the
 *       HealthSample carries min/avg scores in {@code extra}.</li>
 * </ul>
 * A changed ssrc or a counter that went backwards starts a new series. Not thread-safe: callers serialise.
 */
public final class MediasoupStatsMapper {
  static final int MAX_REPORTS = 5_000;
  static final int MAX_STATS_PER_REPORT = 1_000;

  private final Map<String, Snapshot> previous = new HashMap<>();

  record Snapshot(long ssrc, Double timestampMs, Double packets, Double lost, Double bytes, Double nacks, Double plis,
      Instant seenAt) {}

  /** What one request produced. */
  public record Result(List<QualitySample> quality, List<HealthSample> health, int ignored) {
    public List<SpecificRecord> all() {
      List<SpecificRecord> out = new ArrayList<>(quality);
      out.addAll(health);
      return out;
    }
  }

  private record Identity(String streamId, String sessionId, String participantId, String room, String entityId,
      Map<String, String> labels) {}

  public Result map(JsonNode body, String defaultNodeId, String tenant, LongSupplier seq, Instant ts,
      String defaultJitterUnit) {
    if (!body.isObject()) {
      throw new BadRequest("wrong_type", "body must be a JSON object with stream_id and stats, or with reports");
    }
    String nodeId = orDefault(JsonBodies.optionalText(body, "node_id", 200), defaultNodeId);
    String jitterUnit = jitterUnit(body, defaultJitterUnit);
    Map<String, String> common = JsonBodies.labels(body, "labels");
    List<JsonNode> reports = new ArrayList<>();
    JsonNode rs = body.get("reports");
    if (rs != null && !rs.isNull()) {
      if (!rs.isArray()) {
        throw new BadRequest("wrong_type", "'reports' must be an array of {stream_id, stats...} objects");
      }
      if (rs.size() > MAX_REPORTS) {
        throw new BadRequest("too_many", "'reports' holds " + rs.size() + " entries; at most " + MAX_REPORTS);
      }
      rs.forEach(reports::add);
    } else if (body.has("stream_id") || hasStats(body)) {
      reports.add(body);
    }
    Integer producers = count(body, "producers");
    Integer consumers = count(body, "consumers");
    if (reports.isEmpty() && producers == null && consumers == null) {
      throw new BadRequest("missing_field", "nothing to map: send stream_id with stats, reports, or "
          + "producers/consumers counts");
    }
    List<QualitySample> quality = new ArrayList<>();
    Transports transports = new Transports();
    int ignored = 0;
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < reports.size(); i++) {
      JsonNode r = reports.get(i);
      if (!r.isObject()) {
        throw new BadRequest("wrong_type", "reports[" + i + "] must be an object");
      }
      Map<String, String> labels = new HashMap<>(common);
      labels.putAll(JsonBodies.labels(r, "labels"));
      String entityId = firstText(r, "producer_id", "consumer_id", "data_producer_id");
      for (String f : List.of("producer_id", "consumer_id", "transport_id", "router_id")) {
        String v = JsonBodies.optionalText(r, f, 200);
        if (v != null) {
          labels.put("mediasoup_" + f, v);
        }
      }
      Identity id = new Identity(JsonBodies.requiredText(r, "stream_id", 200),
          JsonBodies.optionalText(r, "session_id", 200), JsonBodies.optionalText(r, "participant_id", 200),
          JsonBodies.optionalText(r, "room", 200), entityId, labels);
      String unit = jitterUnit(r, jitterUnit);
      List<JsonNode> items = new ArrayList<>();
      // consumer.getStats() also lists the producer's inbound-rtp: that stream belongs to the producer's report
      collect(r, "stats", items, false);
      collect(r, "producer_stats", items, false);
      collect(r, "consumer_stats", items, true);
      collect(r, "transport_stats", items, false);
      if (items.size() > MAX_STATS_PER_REPORT) {
        throw new BadRequest("too_many", "reports[" + i + "] holds " + items.size() + " stats; at most "
            + MAX_STATS_PER_REPORT);
      }
      Map<String, String> transportLabels = new HashMap<>();
      for (JsonNode s : items) {
        String type = s.path("type").asText("");
        if (type.endsWith("transport")) {
          transports.add(s, transportLabels);
        }
      }
      for (JsonNode s : items) {
        String type = s.path("type").asText("");
        Direction dir = type.equals("inbound-rtp") ? Direction.inbound
            : type.equals("outbound-rtp") ? Direction.outbound : null;
        if (dir == null) {
          if (!type.endsWith("transport")) {
            ignored++;
          }
          continue;
        }
        QualitySample q = rtp(id, s, dir, unit, transportLabels, nodeId, tenant, seq, ts, seen);
        if (q == null) {
          ignored++;
        } else {
          quality.add(q);
        }
      }
    }
    List<HealthSample> health = new ArrayList<>();
    if (producers != null || consumers != null || transports.count > 0) {
      health.add(health(body, nodeId, tenant, seq, ts, producers, consumers, transports, quality, common));
    }
    return new Result(quality, health, ignored);
  }

  private static boolean hasStats(JsonNode r) {
    return r.has("stats") || r.has("producer_stats") || r.has("consumer_stats") || r.has("transport_stats");
  }

  private static void collect(JsonNode r, String field, List<JsonNode> out, boolean consumerStats) {
    JsonNode v = r.get(field);
    if (v == null || v.isNull()) {
      return;
    }
    if (v.isObject() && v.has("type")) {
      v = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(v); // one stats object
    }
    if (!v.isArray()) {
      throw new BadRequest("wrong_type", "'" + field + "' must be the getStats() array of stats objects");
    }
    for (JsonNode s : v) {
      if (!s.isObject() || !s.path("type").isTextual()) {
        throw new BadRequest("wrong_type", "every entry of '" + field + "' must be an object with a string 'type'");
      }
      if (consumerStats && "inbound-rtp".equals(s.get("type").asText())) {
        continue;
      }
      out.add(s);
    }
  }

  private QualitySample rtp(Identity id, JsonNode s, Direction dir, String jitterUnit, Map<String, String> transport,
      String nodeId, String tenant, LongSupplier seq, Instant ts, Set<String> seen) {
    String kindText = text(s, "kind");
    Double ssrc = num(s, "ssrc");
    if (ssrc == null || !("audio".equals(kindText) || "video".equals(kindText))) {
      return null;
    }
    MediaKind kind = MediaKind.valueOf(kindText);
    String key = id.streamId() + '\u0000' + id.participantId() + '\u0000' + dir + '\u0000' + ssrc.longValue();
    if (!seen.add(key)) {
      return null; // same stream twice in one request (e.g. producer and consumer stats of one call)
    }
    Snapshot cur = new Snapshot(ssrc.longValue(), num(s, "timestamp"), num(s, "packetCount"), num(s, "packetsLost"),
        num(s, "byteCount"), num(s, "nackCount"), num(s, "pliCount"), ts);
    Snapshot prev = previous.put(key, cur);
    if (prev != null && (prev.ssrc() != cur.ssrc() || lower(prev.packets(), cur.packets())
        || lower(prev.bytes(), cur.bytes()) || lower(prev.nacks(), cur.nacks()))) {
      prev = null; // counters restarted (producer replaced, worker restarted): new series
    }
    Double dtMs = null;
    if (prev != null) {
      dtMs = prev.timestampMs() != null && cur.timestampMs() != null ? cur.timestampMs() - prev.timestampMs()
          : (double) (ts.toEpochMilli() - prev.seenAt().toEpochMilli());
      if (dtMs <= 0) {
        previous.put(key, prev); // same or older report again: keep the baseline, deltas would be meaningless
        prev = null;
        dtMs = null;
      }
    }
    QualitySample q = new QualitySample();
    q.setEventId(EventIds.next());
    q.setTs(ts);
    q.setTenant(tenant);
    q.setNodeId(nodeId);
    q.setCollectorSeq(seq.getAsLong());
    Map<String, String> labels = new HashMap<>(id.labels());
    labels.putAll(transport);
    Double score = num(s, "score");
    if (score != null) {
      labels.put("mediasoup_score", Long.toString(Math.round(score)));
    }
    String rid = text(s, "rid");
    if (rid != null) {
      labels.put("rid", rid);
    }
    q.setLabels(labels);
    q.setStreamId(id.streamId());
    q.setSessionId(id.sessionId());
    q.setRoom(id.room());
    q.setParticipantId(id.participantId());
    String track = id.entityId() != null ? id.entityId() : Long.toString(ssrc.longValue());
    q.setTrackId(rid != null ? track + ":" + rid : track);
    q.setSsrc(ssrc.longValue());
    q.setKind(kind);
    q.setDirection(dir);
    q.setSource("mediasoup");
    q.setCodec(text(s, "mimeType"));
    q.setIntervalMs(dtMs == null ? null : Math.round(dtMs));
    boolean inbound = dir == Direction.inbound;
    if (prev != null) {
      Long dPackets = delta(prev.packets(), cur.packets());
      Long dLost = delta(prev.lost(), cur.lost());
      q.setPacketsReceived(inbound ? dPackets : null);
      q.setPacketsLost(dLost);
      if (dPackets != null && dLost != null) {
        long expected = inbound ? dLost + dPackets : dPackets;
        q.setLossPct(expected > 0 ? Math.min(100.0, 100.0 * dLost / expected) : dLost > 0 ? 100.0 : 0.0);
      }
      q.setNackCount(delta(prev.nacks(), cur.nacks()));
      if (kind == MediaKind.video) {
        q.setPliCount(delta(prev.plis(), cur.plis()));
      }
    }
    if (q.getLossPct() == null) {
      Double fraction = num(s, "fractionLost");
      if (fraction != null && fraction <= 255) {
        q.setLossPct(fraction / 256.0 * 100.0);
      }
    }
    Double bitrate = num(s, "bitrate");
    if (bitrate != null) {
      q.setBitrateKbps(bitrate / 1000.0);
    } else if (prev != null && dtMs != null) {
      Long dBytes = delta(prev.bytes(), cur.bytes());
      q.setBitrateKbps(dBytes == null ? null : 8.0 * dBytes / dtMs);
    }
    q.setJitterMs(jitterMs(s, kind, jitterUnit));
    Double rtt = num(s, "roundTripTime");
    q.setRttMs(rtt != null && rtt > 0 ? rtt : null); // mediasoup reports 0 until the first RTCP report
    return q;
  }

  /** Jitter in ms from mediasoup's value; see the class doc for the unit choice. */
  static Double jitterMs(JsonNode s, MediaKind kind, String unit) {
    Double jitter = num(s, "jitter");
    if (jitter == null) {
      return null;
    }
    if ("ms".equals(unit)) {
      return jitter;
    }
    Double clock = num(s, "clockRate");
    if (clock == null || clock <= 0) {
      clock = clockRate(text(s, "mimeType"), kind);
    }
    return clock == null ? null : jitter / clock * 1000.0;
  }

  static Double clockRate(String mimeType, MediaKind kind) {
    String m = mimeType == null ? "" : mimeType.toLowerCase(Locale.ROOT);
    if (m.startsWith("video/") || m.isEmpty() && kind == MediaKind.video) {
      return 90_000.0;
    }
    return switch (m) {
      case "audio/opus", "audio/multiopus", "" -> kind == MediaKind.audio ? 48_000.0 : null;
      case "audio/pcmu", "audio/pcma", "audio/g722", "audio/telephone-event" -> 8_000.0;
      case "audio/isac" -> 16_000.0;
      default -> null;
    };
  }

  /** Sums over the request's transport stats; their ICE/DTLS states go onto that report's samples as labels. */
  private static final class Transports {
    int count;
    double recvBps;
    double sendBps;
    Double availableOutgoingBps;
    int notConnected;

    void add(JsonNode t, Map<String, String> into) {
      count++;
      recvBps += orZero(num(t, "recvBitrate"));
      sendBps += orZero(num(t, "sendBitrate"));
      Double avail = num(t, "availableOutgoingBitrate");
      if (avail != null) {
        availableOutgoingBps = (availableOutgoingBps == null ? 0 : availableOutgoingBps) + avail;
      }
      String ice = text(t, "iceState");
      String dtls = text(t, "dtlsState");
      if (ice != null) {
        into.put("ice_state", ice);
      }
      if (dtls != null) {
        into.put("dtls_state", dtls);
      }
      if ((ice != null && !ice.equals("connected") && !ice.equals("completed"))
          || (dtls != null && !dtls.equals("connected"))) {
        notConnected++;
      }
    }
  }

  private static HealthSample health(JsonNode body, String nodeId, String tenant, LongSupplier seq, Instant ts,
      Integer producers, Integer consumers, Transports t, List<QualitySample> quality, Map<String, String> labels) {
    Map<String, Double> extra = new HashMap<>();
    if (t.count > 0) {
      extra.put("transports", (double) t.count);
      extra.put("transports_not_connected", (double) t.notConnected);
      extra.put("transport_recv_kbps", t.recvBps / 1000.0);
      extra.put("transport_send_kbps", t.sendBps / 1000.0);
      if (t.availableOutgoingBps != null) {
        extra.put("available_outgoing_kbps", t.availableOutgoingBps / 1000.0);
      }
    }
    double scoreSum = 0;
    double scoreMin = Double.MAX_VALUE;
    int scored = 0;
    for (QualitySample q : quality) {
      String sc = q.getLabels().get("mediasoup_score");
      if (sc != null) {
        double v = Double.parseDouble(sc);
        scoreSum += v;
        scoreMin = Math.min(scoreMin, v);
        scored++;
      }
    }
    if (scored > 0) {
      extra.put("score_avg", scoreSum / scored);
      extra.put("score_min", scoreMin);
    }
    String instance = orDefault(JsonBodies.optionalText(body, "instance", 200), "mediasoup");
    HealthSample h = new HealthSample();
    h.setEventId(EventIds.next());
    h.setTs(ts);
    h.setTenant(tenant);
    h.setNodeId(nodeId);
    h.setCollectorSeq(seq.getAsLong());
    h.setLabels(new HashMap<>(labels));
    h.setComponent(Component.sfu);
    h.setInstance(instance);
    h.setStatus(HealthStatus.running);
    h.setProducers(producers);
    h.setConsumers(consumers);
    h.setExtra(extra);
    return h;
  }

  private static Integer count(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || v.asLong() < 0 || v.asLong() > Integer.MAX_VALUE) {
      throw new BadRequest("wrong_type", "'" + field + "' must be a non-negative integer count");
    }
    return v.asInt();
  }

  private static String jitterUnit(JsonNode obj, String def) {
    String u = JsonBodies.optionalText(obj, "jitter_unit", 10);
    if (u == null) {
      return def;
    }
    if (!u.equals("rtp") && !u.equals("ms")) {
      throw new BadRequest("wrong_value", "'jitter_unit' must be \"rtp\" (RTP timestamp units, mediasoup >= 3.12) "
          + "or \"ms\"");
    }
    return u;
  }

  private static String firstText(JsonNode r, String... fields) {
    for (String f : fields) {
      String v = JsonBodies.optionalText(r, f, 200);
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }

  private static String orDefault(String v, String def) {
    return v == null || v.isBlank() ? def : v;
  }

  private static double orZero(Double d) {
    return d == null ? 0 : d;
  }

  /** A non-negative finite number, else null. */
  static Double num(JsonNode s, String field) {
    JsonNode v = s == null ? null : s.get(field);
    if (v == null || !v.isNumber()) {
      return null;
    }
    double d = v.asDouble();
    return Double.isFinite(d) && d >= 0 ? d : null;
  }

  static String text(JsonNode s, String field) {
    JsonNode v = s == null ? null : s.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  private static boolean lower(Double before, Double now) {
    return before != null && now != null && now < before;
  }

  private static Long delta(Double before, Double now) {
    return before == null || now == null ? null : Math.max(0L, Math.round(now - before));
  }

  /** Forgets streams not reported since {@code cutoff}; returns how many. */
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

  public int trackedStreams() {
    return previous.size();
  }
}

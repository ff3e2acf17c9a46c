package io.vigil.collectors.janus;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.collectors.delivery.EventIds;
import io.vigil.schemas.avro.ChangeOp;
import io.vigil.schemas.avro.Direction;
import io.vigil.schemas.avro.LifecycleEntity;
import io.vigil.schemas.avro.LifecycleEvent;
import io.vigil.schemas.avro.LifecycleSource;
import io.vigil.schemas.avro.LifecycleState;
import io.vigil.schemas.avro.MediaKind;
import io.vigil.schemas.avro.MetricKind;
import io.vigil.schemas.avro.MetricSample;
import io.vigil.schemas.avro.QualitySample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.avro.specific.SpecificRecord;

/**
 * Maps Janus event-handler posts (one event or a batched array) to records. Not thread-safe (callers serialise).
 *
 * <p><b>Type 32</b> (media stats, per handle, mid/media and simulcast substream): per report
 * <ul>
 *   <li>an <em>inbound</em> QualitySample: loss % from Δlost / (Δlost + Δpackets-received), bitrate from
 *   bytes-received-lastsec, jitter-local and rtt in ms as Janus reports them, NACKs as Δnacks-sent (the NACKs Janus
 *   sent: what it missed);</li>
 *   <li>an <em>outbound</em> QualitySample when Janus sends on the handle (packets-sent present): loss % from
 *   Δlost-by-remote / Δpackets-sent, bitrate from bytes-sent-lastsec, jitter-remote, rtt, NACKs as Δnacks-received
 *   (what the peer missed);</li>
 *   <li>four MetricSamples (gauge, 0–100, source {@code janus}) for the link-quality scores, which have no QualitySample
 *   field: {@code janus_in_link_quality}, {@code janus_in_media_link_quality}, {@code janus_out_link_quality},
 *   {@code janus_out_media_link_quality}, labelled stream_id, session_id, handle_id, mid, media.</li>
 * </ul>
 * Interval values are deltas between consecutive reports of the same handle/mid/media/substream (the first report has
 * none; a counter going backwards starts a new series); {@code interval_ms} comes from Janus' own monotonic
 * event timestamps. {@code ts} is agent time.
 *
 * <p><b>Type 2</b> (handle attached/detached) becomes a LifecycleEvent of entity {@code stream}, with the same
 * stream id the media samples of that handle carry (opaque_id, else session-handle), so the stream processor's
 * lifecycle enrichment and live/ended gating apply: {@code live} when the first handle of that stream attaches,
 * {@code ended} when the last one detaches (opaque ids are often shared by a page's publisher and subscriber handles).
 * Detaching also forgets the handle's counters. <b>Type 1</b> (session created/destroyed/timeout) becomes a
 * LifecycleEvent of entity {@code session} (entity_id and stream_id = session id): created -> live, destroyed ->
 * ended, timeout -> ended with label {@code reason=timeout}; a gone session also ends its remaining handles. ops are
 * c for created/attached and u for the end (the entity is not deleted, its state changes). Other types are counted in
 * {@link #ignored()}.
 */
public final class JanusEventMapper {
  /** What one post became. */
  public record Mapped(List<QualitySample> quality, List<MetricSample> metrics, List<LifecycleEvent> lifecycle) {
    public List<SpecificRecord> all() {
      List<SpecificRecord> all = new ArrayList<>(lifecycle);
      all.addAll(quality);
      all.addAll(metrics);
      return all;
    }
  }

  private static final String[] LINK_QUALITY = {"in-link-quality", "in-media-link-quality", "out-link-quality",
      "out-media-link-quality"};

  /** handle id -> (mid/media/substream -> cumulative counters of the last report). */
  private final Map<String, Map<String, long[]>> previous = new HashMap<>();
  /** stream id -> handles attached now; handle -> its stream id; session -> its handles. */
  private final Map<String, Set<String>> streamHandles = new HashMap<>();
  private final Map<String, String> handleStream = new HashMap<>();
  private final Map<String, Set<String>> sessionHandles = new HashMap<>();
  private long ignored;

  public Mapped map(JsonNode body, String nodeId, String tenant, LongSupplier seq, Instant now) {
    Mapped out = new Mapped(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    if (body.isArray()) {
      for (JsonNode e : body) {
        one(e, nodeId, tenant, seq, now, out);
      }
    } else {
      one(body, nodeId, tenant, seq, now, out);
    }
    return out;
  }

  public long ignored() {
    return ignored;
  }

  private void one(JsonNode e, String nodeId, String tenant, LongSupplier seq, Instant now, Mapped out) {
    if (!e.isObject() || !e.path("event").isObject()) {
      ignored++;
      return;
    }
    switch (e.path("type").asInt(-1)) {
      case 1 -> session(e, nodeId, tenant, seq, now, out);
      case 2 -> handle(e, nodeId, tenant, seq, now, out);
      case 32 -> media(e, nodeId, tenant, seq, now, out);
      default -> ignored++;
    }
  }

  static String streamId(JsonNode e) {
    JsonNode opaque = e.hasNonNull("opaque_id") ? e.get("opaque_id") : e.path("event").get("opaque_id");
    if (opaque != null && !opaque.isNull() && !opaque.asText().isEmpty()) {
      return opaque.asText();
    }
    return e.path("session_id").asText("") + "-" + e.path("handle_id").asText("");
  }

  private void session(JsonNode e, String nodeId, String tenant, LongSupplier seq, Instant now, Mapped out) {
    String name = e.get("event").path("name").asText("");
    String session = e.path("session_id").asText("");
    if (session.isEmpty() || !(name.equals("created") || name.equals("destroyed") || name.equals("timeout"))) {
      ignored++;
      return;
    }
    Map<String, String> labels = labels(e);
    boolean created = name.equals("created");
    if (name.equals("timeout")) {
      labels.put("reason", "timeout");
    }
    JsonNode transport = e.get("event").path("transport");
    if (transport.hasNonNull("transport")) {
      labels.put("janus_transport", transport.get("transport").asText());
    }
    if (!created) {
      Set<String> handles = sessionHandles.remove(session);
      if (handles != null) {
        for (String h : new ArrayList<>(handles)) {
          detach(h, session, e, nodeId, tenant, seq, now, out);
        }
      }
    }
    out.lifecycle().add(lifecycle(LifecycleEntity.session, session, session, created, labels, nodeId, tenant, seq,
        now));
  }

  private void handle(JsonNode e, String nodeId, String tenant, LongSupplier seq, Instant now, Mapped out) {
    String name = e.get("event").path("name").asText("");
    String handle = e.path("handle_id").asText("");
    String session = e.path("session_id").asText("");
    if (handle.isEmpty() || !(name.equals("attached") || name.equals("detached"))) {
      ignored++;
      return;
    }
    if (name.equals("detached")) {
      detach(handle, session, e, nodeId, tenant, seq, now, out);
      Set<String> hs = sessionHandles.get(session);
      if (hs != null) {
        hs.remove(handle);
        if (hs.isEmpty()) {
          sessionHandles.remove(session);
        }
      }
      return;
    }
    String stream = streamId(e);
    handleStream.put(handle, stream);
    sessionHandles.computeIfAbsent(session, s -> new HashSet<>()).add(handle);
    Set<String> hs = streamHandles.computeIfAbsent(stream, s -> new HashSet<>());
    boolean first = hs.isEmpty();
    hs.add(handle);
    if (first) {
      out.lifecycle().add(lifecycle(LifecycleEntity.stream, stream, stream, true, labels(e), nodeId, tenant, seq, now));
    }
  }

  private void detach(String handle, String session, JsonNode e, String nodeId, String tenant, LongSupplier seq,
      Instant now, Mapped out) {
    previous.remove(handle);
    String stream = handleStream.remove(handle);
    if (stream == null) {
      stream = streamId(e); // attached before the agent started: end it anyway
    }
    Set<String> hs = streamHandles.get(stream);
    if (hs != null) {
      hs.remove(handle);
      if (!hs.isEmpty()) {
        return; // other handles still carry this stream
      }
      streamHandles.remove(stream);
    }
    Map<String, String> labels = labels(e);
    labels.put("janus_handle", handle);
    labels.put("janus_session", session);
    out.lifecycle().add(lifecycle(LifecycleEntity.stream, stream, stream, false, labels, nodeId, tenant, seq, now));
  }

  private static Map<String, String> labels(JsonNode e) {
    Map<String, String> labels = new HashMap<>();
    if (e.hasNonNull("emitter")) {
      labels.put("janus_emitter", e.get("emitter").asText());
    }
    if (e.hasNonNull("session_id")) {
      labels.put("janus_session", e.get("session_id").asText());
    }
    if (e.hasNonNull("handle_id")) {
      labels.put("janus_handle", e.get("handle_id").asText());
    }
    if (e.get("event").hasNonNull("plugin")) {
      labels.put("janus_plugin", e.get("event").get("plugin").asText());
    }
    long tsMicros = e.path("timestamp").asLong(0);
    if (tsMicros > 0) {
      labels.put("janus_ts_us", Long.toString(tsMicros));
    }
    return labels;
  }

  private static LifecycleEvent lifecycle(LifecycleEntity entity, String entityId, String streamId, boolean live,
      Map<String, String> labels, String nodeId, String tenant, LongSupplier seq, Instant now) {
    return LifecycleEvent.newBuilder().setEventId(EventIds.next()).setTs(now).setTenant(tenant).setNodeId(nodeId)
        .setCollectorSeq(seq.getAsLong()).setLabels(labels).setEntity(entity).setEntityId(entityId)
        .setStreamId(streamId).setState(live ? LifecycleState.live : LifecycleState.ended).setName(null).setRoom(null)
        .setStartedAt(live ? now : null).setEndedAt(live ? null : now).setOp(live ? ChangeOp.c : ChangeOp.u)
        .setSource(LifecycleSource.collector).setLsn(null).build();
  }

  private void media(JsonNode e, String nodeId, String tenant, LongSupplier seq, Instant now, Mapped out) {
    JsonNode ev = e.get("event");
    String media = ev.path("media").asText("");
    if (!media.equals("audio") && !media.equals("video")) {
      ignored++;
      return;
    }
    String handle = e.path("handle_id").asText("");
    String mid = ev.path("mid").asText(ev.path("mindex").asText("0"));
    String substream = ev.hasNonNull("substream") ? ev.get("substream").asText() : null;
    String key = mid + "/" + media + (substream == null ? "" : "/" + substream);
    long ts = e.path("timestamp").asLong(-1);
    long[] cur = {num(ev, "lost"), num(ev, "packets-received"), num(ev, "nacks-sent"), num(ev, "lost-by-remote"),
        num(ev, "packets-sent"), num(ev, "nacks-received"), ts};
    long[] prev = previous.computeIfAbsent(handle, h -> new HashMap<>()).put(key, cur);
    String streamId = streamId(e);
    Long intervalMs = prev != null && ts > 0 && prev[6] > 0 && ts > prev[6] ? (ts - prev[6]) / 1000 : null;
    Map<String, String> labels = new HashMap<>();
    labels.put("janus_handle", handle);
    labels.put("mid", mid);
    if (substream != null) {
      labels.put("substream", substream);
    }
    if (ts > 0) {
      labels.put("janus_ts_us", Long.toString(ts));
    }
    Double rtt = ev.hasNonNull("rtt") && ev.get("rtt").asDouble() > 0 ? ev.get("rtt").asDouble() : null;

    QualitySample in = base(e, streamId, mid, media, Direction.inbound, labels, nodeId, tenant, seq, now);
    in.setIntervalMs(intervalMs);
    if (grew(prev, cur, 0) && grew(prev, cur, 1)) {
      long dl = cur[0] - prev[0];
      long dr = cur[1] - prev[1];
      in.setPacketsLost(dl);
      in.setPacketsReceived(dr);
      in.setLossPct(dl + dr > 0 ? 100.0 * dl / (dl + dr) : 0.0);
      if (grew(prev, cur, 2)) {
        in.setNackCount(cur[2] - prev[2]);
      }
    }
    in.setJitterMs(nonNegative(ev, "jitter-local"));
    in.setRttMs(rtt);
    Double inBytes = nonNegative(ev, "bytes-received-lastsec");
    in.setBitrateKbps(inBytes == null ? null : 8.0 * inBytes / 1000);
    out.quality().add(in);

    if (cur[4] >= 0) {
      QualitySample o = base(e, streamId, mid, media, Direction.outbound, labels, nodeId, tenant, seq, now);
      o.setIntervalMs(intervalMs);
      if (grew(prev, cur, 3) && grew(prev, cur, 4)) {
        long dl = cur[3] - prev[3];
        long ds = cur[4] - prev[4];
        o.setPacketsLost(dl);
        o.setLossPct(ds > 0 ? Math.min(100.0, 100.0 * dl / ds) : dl > 0 ? 100.0 : 0.0);
      }
      if (grew(prev, cur, 5)) {
        o.setNackCount(cur[5] - prev[5]);
      }
      o.setJitterMs(nonNegative(ev, "jitter-remote"));
      o.setRttMs(rtt);
      Double outBytes = nonNegative(ev, "bytes-sent-lastsec");
      o.setBitrateKbps(outBytes == null ? null : 8.0 * outBytes / 1000);
      out.quality().add(o);
    }

    for (String lq : LINK_QUALITY) {
      Double v = nonNegative(ev, lq);
      if (v == null) {
        continue;
      }
      MetricSample m = new MetricSample();
      m.setEventId(EventIds.next());
      m.setTs(now);
      m.setTenant(tenant);
      m.setNodeId(nodeId);
      m.setCollectorSeq(seq.getAsLong());
      Map<String, String> ml = new HashMap<>();
      ml.put("stream_id", streamId);
      ml.put("session_id", e.path("session_id").asText(""));
      ml.put("handle_id", handle);
      ml.put("mid", mid);
      ml.put("media", media);
      if (substream != null) {
        ml.put("substream", substream);
      }
      m.setLabels(ml);
      m.setSource("janus");
      m.setName("janus_" + lq.replace('-', '_'));
      m.setKind(MetricKind.gauge);
      m.setValue(v);
      m.setCount(null);
      m.setBuckets(null);
      out.metrics().add(m);
    }
  }

  private static QualitySample base(JsonNode e, String streamId, String mid, String media, Direction direction,
      Map<String, String> labels, String nodeId, String tenant, LongSupplier seq, Instant now) {
    QualitySample q = new QualitySample();
    q.setEventId(EventIds.next());
    q.setTs(now); // Janus event timestamps are monotonic microseconds, not wall time: use agent time
    q.setTenant(tenant);
    q.setNodeId(nodeId);
    q.setCollectorSeq(seq.getAsLong());
    q.setLabels(new HashMap<>(labels));
    q.setStreamId(streamId);
    q.setSessionId(e.path("session_id").asText(null));
    q.setTrackId(mid);
    q.setKind(media.equals("audio") ? MediaKind.audio : MediaKind.video);
    q.setDirection(direction);
    q.setSource("janus");
    JsonNode codec = e.get("event").get("codec");
    if (codec != null && codec.isTextual() && !codec.asText().isEmpty()) {
      String c = codec.asText();
      q.setCodec(c.contains("/") ? c : media + "/" + c);
    }
    return q;
  }

  private static long num(JsonNode ev, String field) {
    JsonNode n = ev.get(field);
    return n != null && n.isNumber() ? n.asLong() : -1;
  }

  private static boolean grew(long[] prev, long[] cur, int i) {
    return prev != null && prev[i] >= 0 && cur[i] >= prev[i];
  }

  private static Double nonNegative(JsonNode ev, String field) {
    JsonNode n = ev.get(field);
    return n != null && n.isNumber() && n.asDouble() >= 0 ? n.asDouble() : null;
  }

  /** Forgets all handles (e.g. on a Janus restart); handles come and go with calls. */
  public void clear() {
    previous.clear();
    streamHandles.clear();
    handleStream.clear();
    sessionHandles.clear();
  }

  /** Handles with remembered counters or attachment state (for the caller's memory bound). */
  public int trackedHandles() {
    return Math.max(previous.size(), handleStream.size());
  }
}

package io.vigil.collectors.janus;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.collectors.delivery.EventIds;
import io.vigil.schemas.avro.Direction;
import io.vigil.schemas.avro.MediaKind;
import io.vigil.schemas.avro.QualitySample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Maps Janus event-handler posts (one event or a batched array) to QualitySamples. Type 32 (media stats, per handle
 * and mid) becomes one inbound sample per report: loss % from Δlost / (Δlost + Δpackets-received), bitrate from
 * bytes-received-lastsec, jitter-local and rtt in ms as Janus reports them, NACKs as Δnacks-sent. Link-quality
 * scores have no QualitySample field and are not mapped yet. Other event types are counted, not mapped.
 * Keeps the previous cumulative counters per handle+mid; not thread-safe (callers serialise).
 */
public final class JanusEventMapper {
  private final Map<String, long[]> previous = new HashMap<>();
  private long ignored;

  public List<QualitySample> map(JsonNode body, String nodeId, String tenant, LongSupplier seq, Instant now) {
    List<QualitySample> out = new ArrayList<>();
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

  private void one(JsonNode e, String nodeId, String tenant, LongSupplier seq, Instant now, List<QualitySample> out) {
    if (!e.isObject() || e.path("type").asInt(-1) != 32 || !e.path("event").isObject()) {
      ignored++;
      return;
    }
    JsonNode ev = e.get("event");
    String media = ev.path("media").asText("");
    if (!media.equals("audio") && !media.equals("video")) {
      ignored++;
      return;
    }
    String handle = e.path("handle_id").asText("");
    String mid = ev.path("mid").asText(ev.path("mindex").asText("0"));
    String key = handle + "/" + mid + "/" + media;
    long lost = ev.path("lost").asLong(-1);
    long recv = ev.path("packets-received").asLong(-1);
    long nacks = ev.path("nacks-sent").asLong(-1);
    long[] prev = previous.put(key, new long[] {lost, recv, nacks});
    String streamId = e.hasNonNull("opaque_id") ? e.get("opaque_id").asText()
        : e.path("session_id").asText("") + "-" + handle;
    QualitySample q = new QualitySample();
    q.setEventId(EventIds.next());
    long tsMicros = e.path("timestamp").asLong(0); // Janus event timestamps are monotonic microseconds: use agent time
    q.setTs(now);
    q.setTenant(tenant);
    q.setNodeId(nodeId);
    q.setCollectorSeq(seq.getAsLong());
    Map<String, String> labels = new HashMap<>();
    labels.put("janus_handle", handle);
    labels.put("mid", mid);
    if (tsMicros > 0) {
      labels.put("janus_ts_us", Long.toString(tsMicros));
    }
    q.setLabels(labels);
    q.setStreamId(streamId);
    q.setSessionId(e.path("session_id").asText(null));
    q.setTrackId(mid);
    q.setKind(media.equals("audio") ? MediaKind.audio : MediaKind.video);
    q.setDirection(Direction.inbound);
    q.setSource("janus");
    if (prev != null && lost >= prev[0] && recv >= prev[1] && prev[0] >= 0 && prev[1] >= 0) {
      long dl = lost - prev[0];
      long dr = recv - prev[1];
      q.setPacketsLost(dl);
      q.setPacketsReceived(dr);
      q.setLossPct(dl + dr > 0 ? 100.0 * dl / (dl + dr) : 0.0);
      if (nacks >= prev[2] && prev[2] >= 0) {
        q.setNackCount(nacks - prev[2]);
      }
    }
    if (ev.hasNonNull("jitter-local") && ev.get("jitter-local").asDouble() >= 0) {
      q.setJitterMs(ev.get("jitter-local").asDouble());
    }
    if (ev.hasNonNull("rtt") && ev.get("rtt").asDouble() > 0) {
      q.setRttMs(ev.get("rtt").asDouble());
    }
    if (ev.hasNonNull("bytes-received-lastsec") && ev.get("bytes-received-lastsec").asDouble() >= 0) {
      q.setBitrateKbps(8.0 * ev.get("bytes-received-lastsec").asDouble() / 1000);
    }
    out.add(q);
  }

  /** Forgets all handles (e.g. on a Janus restart); handles come and go with calls. */
  public void clear() {
    previous.clear();
  }

  public int trackedHandles() {
    return previous.size();
  }
}

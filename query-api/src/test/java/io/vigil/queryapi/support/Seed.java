package io.vigil.queryapi.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/** Inserts rows shaped like the sink's, for API tests. */
public final class Seed {
  private Seed() {}

  public static void exec(String sql, Object... params) {
    try (Connection c = TestEnv.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        Object p = params[i];
        if (p instanceof Instant in) {
          ps.setTimestamp(i + 1, Timestamp.from(in));
        } else {
          ps.setObject(i + 1, p);
        }
      }
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void stream(String tenant, String streamId, String state, Instant startedAt) {
    exec("INSERT INTO lifecycle (entity, entity_id, tenant, stream_id, state, name, room, started_at, op, source,"
        + " updated_at) VALUES ('stream', ?, ?, ?, ?, ?, 'room-1', ?, 'c', 'cdc', now())",
        streamId, tenant, streamId, state, "Stream " + streamId, startedAt);
  }

  public static void participant(String tenant, String streamId, String participant) {
    exec("INSERT INTO lifecycle (entity, entity_id, tenant, stream_id, state, started_at, op, source, updated_at)"
        + " VALUES ('participant', ?, ?, ?, 'joined', now(), 'c', 'collector', now())",
        participant, tenant, streamId);
  }

  public static void sample(String tenant, String streamId, String participant, String node, Instant ts,
      double loss, double jitter, double rtt, double mos) {
    exec("INSERT INTO quality_samples (event_id, ts, tenant, node_id, collector_seq, stream_id, participant_id,"
        + " track_id, kind, direction, source, loss_pct, jitter_ms, rtt_ms, bitrate_kbps, mos)"
        + " VALUES (?, ?, ?, ?, 1, ?, ?, 't1', 'audio', 'inbound', 'browser', ?, ?, ?, 48, ?)",
        UUID.randomUUID(), ts, tenant, node, streamId, participant, loss, jitter, rtt, mos);
  }

  public static void window(String tenant, String streamId, String participant, Instant start, long count,
      double loss, double jitter, double rtt, double mos) {
    exec("INSERT INTO quality_windows_1m (event_id, tenant, stream_id, participant_id, kind, window_start, window_end,"
        + " count, loss_pct_avg, loss_pct_max, jitter_ms_avg, jitter_ms_max, rtt_ms_avg, rtt_ms_max,"
        + " bitrate_kbps_avg, mos_avg, mos_min) VALUES (?, ?, ?, ?, 'audio', ?, ?, ?, ?, ?, ?, ?, ?, ?, 48, ?, ?)",
        UUID.randomUUID(), tenant, streamId, participant, start, start.plusSeconds(60), count, loss, loss, jitter,
        jitter, rtt, rtt, mos, mos);
  }

  public static void rollup(String tenant, String streamId, String participant, Instant bucket, long samples,
      double loss, double mos) {
    exec("INSERT INTO quality_1h (tenant, stream_id, participant_id, kind, bucket, windows, samples, loss_pct_avg,"
        + " loss_pct_max, jitter_ms_avg, jitter_ms_max, rtt_ms_avg, rtt_ms_max, bitrate_kbps_avg, mos_avg, mos_min)"
        + " VALUES (?, ?, ?, 'audio', ?, 60, ?, ?, ?, 10, 10, 100, 100, 48, ?, ?)",
        tenant, streamId, participant, bucket, samples, loss, loss, mos, mos);
  }

  public static void health(String tenant, String node, String component, String instance, String streamId,
      String status, Instant ts, Double cpu, Double speed, String labelsJson, Long segments, Double diskFree) {
    exec("INSERT INTO health_samples (event_id, ts, tenant, node_id, collector_seq, labels, component, instance,"
        + " stream_id, status, cpu_pct, speed, recording_segments, disk_free_mb)"
        + " VALUES (?, ?, ?, ?, 1, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?)",
        UUID.randomUUID(), ts, tenant, node, labelsJson, component, instance, streamId, status, cpu, speed, segments,
        diskFree);
  }

  public static void alert(String tenant, String fingerprint, String status, String streamId) {
    exec("INSERT INTO alerts (fingerprint, tenant, rule_id, status, severity, labels, annotations, value, threshold,"
        + " starts_at, updated_at) VALUES (?, ?, 'poor-network', ?, 'warning', ?::jsonb,"
        + " '{\"summary\":\"high loss\"}', 12.5, 5, now() - interval '2 minutes', now())",
        fingerprint, tenant, status, "{\"stream_id\":\"" + streamId + "\",\"alertname\":\"poor-network\"}");
    exec("INSERT INTO alert_events (event_id, tenant, fingerprint, rule_id, status, severity, labels, value, threshold,"
        + " starts_at, updated_at) VALUES (?, ?, ?, 'poor-network', ?, 'warning', '{}', 12.5, 5,"
        + " now() - interval '2 minutes', now())", UUID.randomUUID(), tenant, fingerprint, status);
    exec("INSERT INTO alert_notifications (tenant, group_key, receiver, status, fingerprints, alerts_hash, outcome)"
        + " VALUES (?, 'g1', 'slack', 'firing', ARRAY[?], 'h', 'sent')", tenant, fingerprint);
  }
}

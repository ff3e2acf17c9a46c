package io.vigil.devstack.deploy;

import java.sql.Statement;

/** A small, realistic slice of what the pipeline stores: a lossy call, a slow FFmpeg job, alerts and notifications. */
final class PipelineData {
  static final String STREAM = "room-42-stream";

  private PipelineData() {}

  static void load(Statement s) throws Exception {
    s.execute("""
        INSERT INTO quality_samples (event_id, ts, node_id, collector_seq, stream_id, session_id, room, participant_id, track_id,
          kind, direction, source, interval_ms, packets_received, packets_lost, loss_pct, jitter_ms, rtt_ms, bitrate_kbps, mos)
        SELECT gen_random_uuid(), now() - (i || ' seconds')::interval, 'sfu-1', i, 'room-42-stream', 's1', 'room-42',
               CASE WHEN i % 2 = 0 THEN 'alice' ELSE 'bob' END, CASE WHEN i % 3 = 0 THEN 'video-0' ELSE 'audio-0' END,
               CASE WHEN i % 3 = 0 THEN 'video' ELSE 'audio' END, 'inbound', 'browser', 1000, 50, i % 7,
               (i % 7) * 100.0 / (50 + i % 7), 5 + i % 30, 40 + i % 200, 32 + i % 10, 4.4 - (i % 7) * 0.2
        FROM generate_series(1, 3600, 10) AS i""");
    s.execute("""
        INSERT INTO quality_windows_1m (event_id, stream_id, stream_name, room, participant_id, kind, node_id, window_start,
          window_end, count, loss_pct_min, loss_pct_avg, loss_pct_max, loss_pct_p95, jitter_ms_max, rtt_ms_max, mos_avg, mos_min)
        SELECT gen_random_uuid(), 'room-42-stream', 'Standup', 'room-42', 'alice', 'audio', 'sfu-1',
               date_trunc('minute', now()) - (m || ' minutes')::interval, date_trunc('minute', now()) - ((m - 1) || ' minutes')::interval,
               60, 0, m % 9, m % 13, m % 12, 20 + m % 40, 90 + m, 4.2 - (m % 9) * 0.1, 3.0
        FROM generate_series(1, 90) AS m""");
    s.execute("""
        INSERT INTO health_samples (event_id, ts, node_id, collector_seq, component, instance, stream_id, status, exit_code,
          cpu_pct, rss_mb, threads, fps, speed, drop_frames, dup_frames, restarts)
        SELECT gen_random_uuid(), now() - (i || ' seconds')::interval, 'ingest-1', i, 'ffmpeg', 'ffmpeg-7', 'room-42-stream',
               CASE WHEN i < 60 THEN 'stalled' ELSE 'running' END, NULL, 35 + i % 10, 170, 15, 29.5, 0.9 + (i % 10) / 100.0,
               i / 100, 0, 1
        FROM generate_series(1, 3600, 15) AS i""");
    s.execute("""
        INSERT INTO health_samples (event_id, ts, node_id, collector_seq, component, instance, status, extra)
        VALUES (gen_random_uuid(), now() - interval '5 seconds', 'sfu-1', 99, 'collector', 'agent', 'running',
                '{"spool_depth": 0, "dropped": 0, "errors": 1}')""");
    s.execute("""
        INSERT INTO metric_samples (event_id, ts, node_id, collector_seq, source, name, kind, value)
        SELECT gen_random_uuid(), now() - (i || ' seconds')::interval, 'tts-1', i, 'auralis', 'buffer_depth_ms', 'gauge', 40 + i % 100
        FROM generate_series(1, 3600, 30) AS i""");
    s.execute("""
        INSERT INTO lifecycle (entity, entity_id, stream_id, state, name, room, started_at, op, source, updated_at)
        VALUES ('stream', 'room-42-stream', 'room-42-stream', 'live', 'Standup', 'room-42', now() - interval '2 hours', 'c', 'cdc',
                now() - interval '2 hours')""");
    s.execute("""
        INSERT INTO alert_events (event_id, fingerprint, rule_id, status, severity, labels, annotations, value, threshold,
          starts_at, ends_at, updated_at)
        VALUES
          (gen_random_uuid(), 'fp1', 'poor-network-loss', 'pending', 'warning', '{"stream_id":"room-42-stream"}', '{"summary":"loss 6 %"}', 6, 5, now() - interval '50 minutes', NULL, now() - interval '50 minutes'),
          (gen_random_uuid(), 'fp1', 'poor-network-loss', 'firing', 'warning', '{"stream_id":"room-42-stream"}', '{"summary":"loss 6 %"}', 6, 5, now() - interval '50 minutes', NULL, now() - interval '49 minutes'),
          (gen_random_uuid(), 'fp1', 'poor-network-loss', 'resolved', 'warning', '{"stream_id":"room-42-stream"}', '{"summary":"loss 6 %"}', 1, 5, now() - interval '50 minutes', now() - interval '30 minutes', now() - interval '30 minutes'),
          (gen_random_uuid(), 'fp2', 'ffmpeg-speed', 'firing', 'critical', '{"stream_id":"room-42-stream","node_id":"ingest-1"}', '{"summary":"speed 0.9"}', 0.9, 0.95, now() - interval '10 minutes', NULL, now() - interval '9 minutes')""");
    s.execute("""
        INSERT INTO alerts (fingerprint, rule_id, status, severity, labels, annotations, value, threshold, starts_at, updated_at)
        VALUES ('fp2', 'ffmpeg-speed', 'firing', 'critical', '{"stream_id":"room-42-stream","node_id":"ingest-1"}',
                '{"summary":"speed 0.9"}', 0.9, 0.95, now() - interval '10 minutes', now() - interval '9 minutes')""");
    s.execute("""
        INSERT INTO alert_notifications (group_key, receiver, status, fingerprints, alerts_hash, outcome, http_status, sent_at)
        VALUES ('{}:{rule_id="ffmpeg-speed"}', 'slack', 'firing', '{fp2}', 'h1', 'sent', 200, now() - interval '9 minutes'),
               ('{}:{rule_id="ffmpeg-speed"}', 'pagerduty', 'firing', '{fp2}', 'h1', 'sent', 202, now() - interval '9 minutes')""");
    s.execute("INSERT INTO sink_offsets (consumer_group, topic, partition, next_offset) VALUES ('vigil-sink', 'vigil.quality.v1', 0, 360)");
  }
}

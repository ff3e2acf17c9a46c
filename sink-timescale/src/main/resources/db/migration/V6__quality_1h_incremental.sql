-- PostgreSQL mode: the sink used to recompute each (hour, stream) group of quality_1h from all of the hour's 1-minute
-- windows whenever a batch brought a window of that stream, so the work per written window grew with the minute of
-- the hour (sink benchmark, 4,500 windows a minute with one window per group: 4.7 times the time of writing the
-- windows alone, and 1.7 times as much in the hour's last ten minutes as in its first).
-- It now adds each batch's windows to the stored row instead. A running average needs the weight behind it: the
-- sample count of the windows that carried the metric (windows without it do not count, as in the GROUP BY).
-- Only for the plain-PostgreSQL table: in TimescaleDB mode quality_1h is a continuous aggregate.
CREATE OR REPLACE FUNCTION vigil_merge_avg(avg1 double precision, weight1 double precision,
                                           avg2 double precision, weight2 double precision)
  RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN coalesce(weight1, 0) + coalesce(weight2, 0) = 0 THEN NULL
              ELSE (coalesce(avg1 * weight1, 0) + coalesce(avg2 * weight2, 0)) / (coalesce(weight1, 0) + coalesce(weight2, 0))
         END $$;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_class WHERE relname = 'quality_1h' AND relkind = 'r') THEN
    ALTER TABLE quality_1h ADD COLUMN IF NOT EXISTS loss_pct_weight bigint,
                           ADD COLUMN IF NOT EXISTS jitter_ms_weight bigint,
                           ADD COLUMN IF NOT EXISTS rtt_ms_weight bigint,
                           ADD COLUMN IF NOT EXISTS bitrate_kbps_weight bigint,
                           ADD COLUMN IF NOT EXISTS mos_weight bigint;
    -- Rows written before: their weights from the windows still kept (rows older than the windows' retention keep
    -- null weights; the sink then weighs their averages by their sample count).
    UPDATE quality_1h q SET loss_pct_weight = g.lw, jitter_ms_weight = g.jw, rtt_ms_weight = g.rw,
                            bitrate_kbps_weight = g.bw, mos_weight = g.mw
      FROM (SELECT tenant, stream_id, coalesce(participant_id, '') AS participant_id, coalesce(kind, '') AS kind,
                   vigil_bucket(INTERVAL '1 hour', window_start) AS bucket,
                   sum(count) FILTER (WHERE loss_pct_avg IS NOT NULL) AS lw,
                   sum(count) FILTER (WHERE jitter_ms_avg IS NOT NULL) AS jw,
                   sum(count) FILTER (WHERE rtt_ms_avg IS NOT NULL) AS rw,
                   sum(count) FILTER (WHERE bitrate_kbps_avg IS NOT NULL) AS bw,
                   sum(count) FILTER (WHERE mos_avg IS NOT NULL) AS mw
              FROM quality_windows_1m GROUP BY 1, 2, 3, 4, 5) g
     WHERE q.tenant = g.tenant AND q.stream_id = g.stream_id AND q.participant_id = g.participant_id
       AND q.kind = g.kind AND q.bucket = g.bucket;
  END IF;
END $$;

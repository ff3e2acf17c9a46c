-- The API's per-stream quality series over days (and Grafana's week view) read quality_1h by stream and time. The
-- sink upserts rollup rows of all streams interleaved, so a stream-week's ~170 rows per participant sit on as many
-- heap pages; measured on the 10 M sample bench that was 278 heap pages and ~40 % of the query's execution time.
-- With the columns the query aggregates carried in the index, PostgreSQL answers with an index-only scan over a few
-- leaf pages (8 buffers instead of 278), as V3 does for the 1-minute windows.
-- The price: updates of a rollup row change indexed (included) columns, so they are no longer HOT updates and add an
-- entry to this index too; rollup rows are updated once per written batch of their hour, far less often than read.
-- Only for the plain-PostgreSQL table: in TimescaleDB mode quality_1h is a continuous aggregate (see V2).
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_class WHERE relname = 'quality_1h' AND relkind = 'r') THEN
    CREATE INDEX IF NOT EXISTS quality_1h_stream_covering ON quality_1h (stream_id, bucket DESC)
      INCLUDE (tenant, participant_id, kind, samples, loss_pct_avg, loss_pct_max, jitter_ms_avg, jitter_ms_max,
               rtt_ms_avg, rtt_ms_max, bitrate_kbps_avg, mos_avg, mos_min);
    DROP INDEX IF EXISTS quality_1h_stream_bucket;
    -- As for quality_windows_1m (V3): keep the visibility map current so the newest rows need no heap visit.
    ALTER TABLE quality_1h SET (autovacuum_vacuum_threshold = 10000, autovacuum_vacuum_scale_factor = 0,
                                autovacuum_vacuum_insert_threshold = 10000,
                                autovacuum_vacuum_insert_scale_factor = 0);
  END IF;
END $$;

-- The API's per-stream quality series over hours (and Grafana's stream dashboard) read quality_windows_1m by stream
-- and time. Windows of all streams arrive interleaved, so the ~120 rows of one stream-hour sit on ~120 different heap
-- pages; measured on 10 M samples (1.67 M windows) that was 112 heap pages per request. With the columns those queries
-- aggregate carried in the index, PostgreSQL answers with an index-only scan over 2-3 leaf pages instead.
-- The new index has the same key as quality_windows_1m_stream, so it serves every plan the old one did; the old one
-- goes so the sink does not maintain two. Plain CREATE INDEX works on the PostgreSQL table and on the TimescaleDB
-- hypertable alike (TimescaleDB creates it on every chunk; compressed chunks keep their own segment indexes).
CREATE INDEX IF NOT EXISTS quality_windows_1m_stream_covering ON quality_windows_1m (stream_id, window_start DESC)
  INCLUDE (tenant, participant_id, kind, count, loss_pct_avg, loss_pct_max, jitter_ms_avg, jitter_ms_max,
           rtt_ms_avg, rtt_ms_max, bitrate_kbps_avg, mos_avg, mos_min);
DROP INDEX IF EXISTS quality_windows_1m_stream;

-- An index-only scan still visits the heap for pages not yet marked all-visible, and the pages a "last hour" query
-- reads are the newest. Append-only tables are vacuumed after inserts of 20 % of their size by default (rarely, on a
-- table holding 30 days); vacuuming after every 10,000 new windows keeps the visibility map current at the cost of
-- scanning only the pages added since the last run.
ALTER TABLE quality_windows_1m SET (autovacuum_vacuum_insert_threshold = 10000,
                                    autovacuum_vacuum_insert_scale_factor = 0);

-- Every sample row updates each index on quality_samples, and index upkeep was most of what PostgreSQL spent on a
-- sample. A binary COPY of 1 M rows (as the sink writes them) took 17.6 s with V1's four B-trees and BRIN, 10.0 s with
-- the two below and BRIN, 4.9 s with none; `./vigil bench --only sink` measures the same ("index upkeep": 18.2
-- against 10.9 µs a row by psql's \copy, 7.1 with no index). At 20,000 samples/s that is about 0.15 of a core.
--
-- One key serves both the per-stream and the per-participant queries: stream_id and the time range are the scan's
-- bounds, and participant_id, the last key column, is checked on the index entry before any heap page is read. A
-- participant query therefore reads its room's index entries for the range (cheap, adjacent leaf pages) but only its
-- own rows. Ascending time, since a backward scan serves "newest first" just as well (ascending and descending keys
-- loaded at the same speed and to the same size).
--
-- The tenant and time index goes without replacement: the queries by tenant and time (summary, stream list) also
-- filter on a recent time range, which the BRIN index (plain PostgreSQL) or the hypertable's chunks and default time
-- index (TimescaleDB) narrow to the newest pages, where the tenant is a cheap filter.
CREATE INDEX IF NOT EXISTS quality_samples_stream_ts_participant ON quality_samples (stream_id, ts, participant_id);
DROP INDEX IF EXISTS quality_samples_stream_ts;
DROP INDEX IF EXISTS quality_samples_participant_ts;
DROP INDEX IF EXISTS quality_samples_tenant_ts;

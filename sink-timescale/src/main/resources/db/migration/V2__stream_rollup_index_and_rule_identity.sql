-- The API and Grafana read the hourly rollup by stream over a time range without a tenant filter; the primary key
-- (tenant first) cannot serve that. Only for the plain-PostgreSQL table: in TimescaleDB mode quality_1h is a
-- continuous aggregate, which indexes its own materialization.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_class WHERE relname = 'quality_1h' AND relkind = 'r') THEN
    CREATE INDEX IF NOT EXISTS quality_1h_stream_bucket ON quality_1h (stream_id, bucket DESC);
  END IF;
END $$;

-- CDC turns a deleted rule into a tombstone keyed by rule_id; with the full old row in the WAL it can also say which
-- tenant and name went away in its logs.
ALTER TABLE alert_rules REPLICA IDENTITY FULL;

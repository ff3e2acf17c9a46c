-- Closed 1-minute windows of application metrics (vigil.metric-windows.v1): one row per series (tenant, source, node,
-- name, labels) and window. min/avg/max/p95/last over the samples' values; rate is the per-second counter increase
-- (resets handled), NULL for gauges. TimescaleDB mode turns it into a hypertable like the other window tables
-- (TimescaleSetup); plain PostgreSQL gets a BRIN index on window_start (PostgresSetup) and the retention job.
CREATE TABLE metric_windows (
  event_id      uuid             NOT NULL,
  tenant        text             NOT NULL DEFAULT 'default',
  labels        jsonb            NOT NULL DEFAULT '{}',
  source        text             NOT NULL,
  node_id       text,
  name          text             NOT NULL,
  kind          text             NOT NULL,
  window_start  timestamptz      NOT NULL,
  window_end    timestamptz      NOT NULL,
  count         bigint           NOT NULL,
  min           double precision,
  avg           double precision,
  max           double precision,
  p95           double precision,
  last          double precision,
  rate          double precision
);
CREATE INDEX metric_windows_name ON metric_windows (name, source, window_start DESC);
CREATE INDEX metric_windows_tenant ON metric_windows (tenant, window_start DESC);

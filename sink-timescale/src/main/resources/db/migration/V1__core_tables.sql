-- Vigil core tables (ARCHITECTURE section 6). Same names in TimescaleDB and plain PostgreSQL mode;
-- the TimescaleDB-only parts (hypertables, compression, continuous aggregate, policies) are applied by the sink
-- after detecting the extension. Column names follow the Avro field names.

-- One bucketing function for both modes, so the API and Grafana share queries. TimescaleDB mode redefines it
-- on top of time_bucket().
CREATE OR REPLACE FUNCTION vigil_bucket(bucket interval, ts timestamptz) RETURNS timestamptz
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT date_bin(bucket, ts, TIMESTAMPTZ '2000-01-01 00:00:00+00') $$;

CREATE TABLE quality_samples (
  event_id            uuid             NOT NULL,
  ts                  timestamptz      NOT NULL,
  tenant              text             NOT NULL DEFAULT 'default',
  node_id             text             NOT NULL,
  collector_seq       bigint           NOT NULL,
  labels              jsonb            NOT NULL DEFAULT '{}',
  stream_id           text             NOT NULL,
  session_id          text,
  room                text,
  participant_id      text,
  track_id            text,
  ssrc                bigint,
  kind                text             NOT NULL,
  direction           text             NOT NULL,
  source              text             NOT NULL,
  codec               text,
  interval_ms         bigint,
  packets_received    bigint,
  packets_lost        bigint,
  loss_pct            double precision,
  jitter_ms           double precision,
  rtt_ms              double precision,
  bitrate_kbps        double precision,
  audio_level         double precision,
  concealment_pct     double precision,
  jitter_buffer_ms    double precision,
  frames_per_second   double precision,
  frame_width         integer,
  frame_height        integer,
  frames_dropped      bigint,
  freeze_count        bigint,
  nack_count          bigint,
  pli_count           bigint,
  quality_limitation  text,
  relay               boolean,
  mos                 double precision
);
CREATE INDEX quality_samples_stream_ts ON quality_samples (stream_id, ts DESC);
CREATE INDEX quality_samples_participant_ts ON quality_samples (stream_id, participant_id, ts DESC);
CREATE INDEX quality_samples_high_loss ON quality_samples (stream_id, ts DESC) WHERE loss_pct > 5;
CREATE INDEX quality_samples_tenant_ts ON quality_samples (tenant, ts DESC);

CREATE TABLE health_samples (
  event_id              uuid             NOT NULL,
  ts                    timestamptz      NOT NULL,
  tenant                text             NOT NULL DEFAULT 'default',
  node_id               text             NOT NULL,
  collector_seq         bigint           NOT NULL,
  labels                jsonb            NOT NULL DEFAULT '{}',
  component             text             NOT NULL,
  instance              text             NOT NULL,
  stream_id             text,
  status                text             NOT NULL,
  exit_code             integer,
  cpu_pct               double precision,
  rss_mb                double precision,
  threads               integer,
  uptime_s              double precision,
  fps                   double precision,
  speed                 double precision,
  bitrate_kbps          double precision,
  out_time_ms           bigint,
  frames                bigint,
  drop_frames           bigint,
  dup_frames            bigint,
  restarts              integer,
  producers             integer,
  consumers             integer,
  disk_used_mb          double precision,
  disk_free_mb          double precision,
  recording_segments    bigint,
  oldest_segment_age_s  double precision,
  extra                 jsonb            NOT NULL DEFAULT '{}'
);
CREATE INDEX health_samples_node_ts ON health_samples (node_id, component, instance, ts DESC);
CREATE INDEX health_samples_stream_ts ON health_samples (stream_id, ts DESC) WHERE stream_id IS NOT NULL;
CREATE INDEX health_samples_tenant_ts ON health_samples (tenant, ts DESC);

CREATE TABLE metric_samples (
  event_id       uuid             NOT NULL,
  ts             timestamptz      NOT NULL,
  tenant         text             NOT NULL DEFAULT 'default',
  node_id        text             NOT NULL,
  collector_seq  bigint           NOT NULL,
  labels         jsonb            NOT NULL DEFAULT '{}',
  source         text             NOT NULL,
  name           text             NOT NULL,
  kind           text             NOT NULL,
  value          double precision,
  count          bigint,
  buckets        jsonb
);
CREATE INDEX metric_samples_name_ts ON metric_samples (name, source, ts DESC);
CREATE INDEX metric_samples_tenant_ts ON metric_samples (tenant, ts DESC);

-- Closed 1-minute windows. Stats columns flatten the Avro Stats record: <metric>_min/_avg/_max/_p95.
CREATE TABLE quality_windows_1m (
  event_id                uuid             NOT NULL,
  tenant                  text             NOT NULL DEFAULT 'default',
  labels                  jsonb            NOT NULL DEFAULT '{}',
  stream_id               text             NOT NULL,
  stream_name             text,
  room                    text,
  participant_id          text,
  track_id                text,
  kind                    text,
  node_id                 text,
  window_start            timestamptz      NOT NULL,
  window_end              timestamptz      NOT NULL,
  count                   bigint           NOT NULL,
  packets_received        bigint,
  packets_lost            bigint,
  loss_pct_min            double precision, loss_pct_avg double precision, loss_pct_max double precision, loss_pct_p95 double precision,
  jitter_ms_min           double precision, jitter_ms_avg double precision, jitter_ms_max double precision, jitter_ms_p95 double precision,
  rtt_ms_min              double precision, rtt_ms_avg double precision, rtt_ms_max double precision, rtt_ms_p95 double precision,
  bitrate_kbps_min        double precision, bitrate_kbps_avg double precision, bitrate_kbps_max double precision, bitrate_kbps_p95 double precision,
  concealment_pct_min     double precision, concealment_pct_avg double precision, concealment_pct_max double precision, concealment_pct_p95 double precision,
  jitter_buffer_ms_min    double precision, jitter_buffer_ms_avg double precision, jitter_buffer_ms_max double precision, jitter_buffer_ms_p95 double precision,
  frames_per_second_min   double precision, frames_per_second_avg double precision, frames_per_second_max double precision, frames_per_second_p95 double precision,
  mos_avg                 double precision,
  mos_min                 double precision
);
CREATE INDEX quality_windows_1m_stream ON quality_windows_1m (stream_id, window_start DESC);
CREATE INDEX quality_windows_1m_participant ON quality_windows_1m (stream_id, participant_id, window_start DESC);
CREATE INDEX quality_windows_1m_tenant ON quality_windows_1m (tenant, window_start DESC);

CREATE TABLE health_windows_1m (
  event_id            uuid             NOT NULL,
  tenant              text             NOT NULL DEFAULT 'default',
  labels              jsonb            NOT NULL DEFAULT '{}',
  node_id             text             NOT NULL,
  component           text             NOT NULL,
  instance            text             NOT NULL,
  stream_id           text,
  window_start        timestamptz      NOT NULL,
  window_end          timestamptz      NOT NULL,
  count               bigint           NOT NULL,
  last_status         text             NOT NULL,
  cpu_pct_min         double precision, cpu_pct_avg double precision, cpu_pct_max double precision, cpu_pct_p95 double precision,
  rss_mb_min          double precision, rss_mb_avg double precision, rss_mb_max double precision, rss_mb_p95 double precision,
  fps_min             double precision, fps_avg double precision, fps_max double precision, fps_p95 double precision,
  speed_min           double precision, speed_avg double precision, speed_max double precision, speed_p95 double precision,
  bitrate_kbps_min    double precision, bitrate_kbps_avg double precision, bitrate_kbps_max double precision, bitrate_kbps_p95 double precision,
  disk_free_mb_min    double precision, disk_free_mb_avg double precision, disk_free_mb_max double precision, disk_free_mb_p95 double precision,
  drop_frames         bigint,
  restarts            integer
);
CREATE INDEX health_windows_1m_node ON health_windows_1m (node_id, component, instance, window_start DESC);
CREATE INDEX health_windows_1m_stream ON health_windows_1m (stream_id, window_start DESC) WHERE stream_id IS NOT NULL;

-- Hourly rollup of the 1-minute quality windows. PostgreSQL mode: a table the sink keeps up to date.
-- TimescaleDB mode: replaced by a continuous aggregate of the same name and columns.
CREATE TABLE quality_1h (
  tenant              text             NOT NULL,
  stream_id           text             NOT NULL,
  participant_id      text             NOT NULL DEFAULT '',
  kind                text             NOT NULL DEFAULT '',
  bucket              timestamptz      NOT NULL,
  windows             bigint           NOT NULL,
  samples             bigint           NOT NULL,
  loss_pct_avg        double precision,
  loss_pct_max        double precision,
  jitter_ms_avg       double precision,
  jitter_ms_max       double precision,
  rtt_ms_avg          double precision,
  rtt_ms_max          double precision,
  bitrate_kbps_avg    double precision,
  mos_avg             double precision,
  mos_min             double precision,
  PRIMARY KEY (tenant, stream_id, participant_id, kind, bucket)
);

-- Current state of each alert (upserted by fingerprint) and every state change (history).
CREATE TABLE alerts (
  fingerprint   text             PRIMARY KEY,
  tenant        text             NOT NULL DEFAULT 'default',
  rule_id       text             NOT NULL,
  status        text             NOT NULL,
  severity      text             NOT NULL,
  labels        jsonb            NOT NULL DEFAULT '{}',
  annotations   jsonb            NOT NULL DEFAULT '{}',
  value         double precision,
  threshold     double precision,
  starts_at     timestamptz      NOT NULL,
  ends_at       timestamptz,
  updated_at    timestamptz      NOT NULL,
  generator     bigint           NOT NULL DEFAULT 0
);
CREATE INDEX alerts_status ON alerts (tenant, status, updated_at DESC);

CREATE TABLE alert_events (
  event_id      uuid             PRIMARY KEY,
  tenant        text             NOT NULL DEFAULT 'default',
  fingerprint   text             NOT NULL,
  rule_id       text             NOT NULL,
  status        text             NOT NULL,
  severity      text             NOT NULL,
  labels        jsonb            NOT NULL DEFAULT '{}',
  annotations   jsonb            NOT NULL DEFAULT '{}',
  value         double precision,
  threshold     double precision,
  starts_at     timestamptz      NOT NULL,
  ends_at       timestamptz,
  updated_at    timestamptz      NOT NULL,
  generator     bigint           NOT NULL DEFAULT 0
);
CREATE INDEX alert_events_time ON alert_events (tenant, updated_at DESC);
CREATE INDEX alert_events_fingerprint ON alert_events (fingerprint, updated_at DESC);

-- Written by the alerting service: what was sent to whom and when (its dedup log and the API's history).
CREATE TABLE alert_notifications (
  id            bigserial        PRIMARY KEY,
  tenant        text             NOT NULL DEFAULT 'default',
  group_key     text             NOT NULL,
  receiver      text             NOT NULL,
  status        text             NOT NULL,            -- firing | resolved
  fingerprints  text[]           NOT NULL,
  alerts_hash   text             NOT NULL,            -- hash of the alert set sent, for dedup after restart
  outcome       text             NOT NULL,            -- sent | failed | dead_letter | suppressed
  attempts      integer          NOT NULL DEFAULT 1,
  http_status   integer,
  error         text,
  sent_at       timestamptz      NOT NULL DEFAULT now()
);
CREATE INDEX alert_notifications_group ON alert_notifications (group_key, receiver, sent_at DESC);
CREATE INDEX alert_notifications_time ON alert_notifications (tenant, sent_at DESC);

-- Latest state per lifecycle entity (upserted; a newer LSN or ts wins).
CREATE TABLE lifecycle (
  entity        text             NOT NULL,
  entity_id     text             NOT NULL,
  tenant        text             NOT NULL DEFAULT 'default',
  stream_id     text             NOT NULL,
  state         text             NOT NULL,
  name          text,
  room          text,
  started_at    timestamptz,
  ended_at      timestamptz,
  op            text             NOT NULL,
  source        text             NOT NULL,
  lsn           bigint,
  labels        jsonb            NOT NULL DEFAULT '{}',
  updated_at    timestamptz      NOT NULL,
  PRIMARY KEY (entity, entity_id)
);
CREATE INDEX lifecycle_stream ON lifecycle (tenant, stream_id);
CREATE INDEX lifecycle_state ON lifecycle (tenant, entity, state);

-- Alert rules, written by the API and carried to Kafka by CDC. Column names follow AlertRule; "group" is a
-- reserved word in SQL, so the rule group is group_name.
CREATE TABLE alert_rules (
  rule_id            text             PRIMARY KEY,
  tenant             text             NOT NULL DEFAULT 'default',
  name               text             NOT NULL,
  enabled            boolean          NOT NULL DEFAULT true,
  source             text             NOT NULL,
  metric             text             NOT NULL,
  aggregation        text             NOT NULL DEFAULT 'last',
  "window"           text,
  op                 text             NOT NULL,
  threshold          double precision NOT NULL,
  for_s              bigint           NOT NULL DEFAULT 0,
  keep_firing_for_s  bigint           NOT NULL DEFAULT 0,
  absent_for_s       bigint,
  matchers           jsonb            NOT NULL DEFAULT '[]',
  group_name         text,
  severity           text             NOT NULL DEFAULT 'warning',
  labels             jsonb            NOT NULL DEFAULT '{}',
  annotations        jsonb            NOT NULL DEFAULT '{}',
  version            bigint           NOT NULL DEFAULT 1,
  updated_at         timestamptz      NOT NULL DEFAULT now(),
  updated_by         text
);

CREATE TABLE silences (
  id           uuid             PRIMARY KEY,
  tenant       text             NOT NULL DEFAULT 'default',
  matchers     jsonb            NOT NULL,           -- [{"label":..,"op":"eq|ne|re|nre","value":..}]
  starts_at    timestamptz      NOT NULL,
  ends_at      timestamptz      NOT NULL,
  created_by   text             NOT NULL,
  comment      text             NOT NULL DEFAULT '',
  created_at   timestamptz      NOT NULL DEFAULT now(),
  updated_at   timestamptz      NOT NULL DEFAULT now()
);
CREATE INDEX silences_active ON silences (tenant, ends_at);

CREATE TABLE audit_log (
  id           bigserial        PRIMARY KEY,
  tenant       text             NOT NULL DEFAULT 'default',
  actor        text             NOT NULL,
  action       text             NOT NULL,           -- e.g. POST /alert-rules
  resource     text             NOT NULL,
  resource_id  text,
  before       jsonb,
  after        jsonb,
  at           timestamptz      NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_time ON audit_log (tenant, at DESC);

-- Next offset to read per consumer group/topic/partition, committed in the same transaction as the rows.
CREATE TABLE sink_offsets (
  consumer_group  text      NOT NULL,
  topic           text      NOT NULL,
  partition       integer   NOT NULL,
  next_offset     bigint    NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, topic, partition)
);

-- Copy of the alerting tables from sink-timescale V1__core_tables.sql (the contract), for tests only.
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

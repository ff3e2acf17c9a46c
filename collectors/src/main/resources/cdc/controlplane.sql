-- Simulated media control plane captured by Vigil's CDC source (./vigil up creates it in the embedded database).
-- Streams and their sessions and consumers, as an SFU or ingest control plane keeps them. Idempotent.

CREATE TABLE IF NOT EXISTS streams (
  id          text        PRIMARY KEY,
  tenant      text        NOT NULL DEFAULT 'default',
  name        text        NOT NULL,
  state       text        NOT NULL DEFAULT 'live' CHECK (state IN ('live', 'stopped', 'error')),
  room_name   text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  started_at  timestamptz,
  ended_at    timestamptz,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS stream_sessions (
  id          text        PRIMARY KEY,
  stream_id   text        NOT NULL REFERENCES streams (id) ON DELETE CASCADE,
  room_name   text,
  started_at  timestamptz NOT NULL DEFAULT now(),
  ended_at    timestamptz
);
CREATE INDEX IF NOT EXISTS stream_sessions_stream ON stream_sessions (stream_id);

CREATE TABLE IF NOT EXISTS consumers (
  id                text        PRIMARY KEY,
  stream_id         text        NOT NULL REFERENCES streams (id) ON DELETE CASCADE,
  name              text,
  state             text        NOT NULL DEFAULT 'attached' CHECK (state IN ('attached', 'detached', 'stale')),
  attached_at       timestamptz NOT NULL DEFAULT now(),
  detached_at       timestamptz,
  last_heartbeat_at timestamptz
);
CREATE INDEX IF NOT EXISTS consumers_stream ON consumers (stream_id);

-- Written by the CDC source's heartbeat action query so an idle database still advances the replication slot.
CREATE TABLE IF NOT EXISTS vigil_cdc_heartbeat (
  id      integer     PRIMARY KEY,
  beat_at timestamptz NOT NULL
);

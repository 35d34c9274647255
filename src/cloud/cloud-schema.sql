-- The storage of ferry-cloud, version 1. SQLite in WAL mode.
-- Times are Unix seconds (UTC). One writer: the server's main thread, or
-- an admin command (SQLite's lock keeps them apart).

CREATE TABLE site (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);

CREATE TABLE company (
  id         INTEGER PRIMARY KEY,
  site_id    INTEGER NOT NULL REFERENCES site (id),
  code       TEXT NOT NULL,
  name       TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (site_id, code)
);

CREATE TABLE user (
  id            INTEGER PRIMARY KEY,
  site_id       INTEGER NOT NULL REFERENCES site (id),
  name          TEXT NOT NULL,
  display_name  TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('admin', 'member')),
  can_sync      INTEGER NOT NULL DEFAULT 0 CHECK (can_sync IN (0, 1)),
  -- pbkdf2-sha256$ITERATIONS$SALT_BASE64$HASH_BASE64
  password_hash TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  UNIQUE (site_id, name)
);

-- Bearer tokens, by the SHA-256 of the token: the token itself is never stored.
CREATE TABLE token (
  hash       BLOB PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX token_expires ON token (expires_at);

-- One row per (company, entity type, key): never a second copy.
CREATE TABLE record (
  company_id INTEGER NOT NULL REFERENCES company (id),
  entity     TEXT NOT NULL,
  key        TEXT NOT NULL,               -- key text, e.g. ["1001","10"]
  version    INTEGER NOT NULL,
  hash       TEXT NOT NULL,
  fields     TEXT,                        -- JSON object; NULL once deleted
  deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (company_id, entity, key)
) WITHOUT ROWID;

-- Every accepted batch, with the answer it got: a replay of the same
-- idempotency key returns it.
CREATE TABLE batch (
  id              INTEGER PRIMARY KEY,
  company_id      INTEGER NOT NULL REFERENCES company (id),
  entity          TEXT NOT NULL,
  user_id         INTEGER NOT NULL REFERENCES user (id),
  idempotency_key TEXT NOT NULL,
  fingerprint     BLOB NOT NULL,          -- SHA-256 of entity and body
  response        TEXT NOT NULL,
  received_at     INTEGER NOT NULL,
  n_created       INTEGER NOT NULL,
  n_updated       INTEGER NOT NULL,
  n_unchanged     INTEGER NOT NULL,
  n_deleted       INTEGER NOT NULL,
  n_rejected      INTEGER NOT NULL,
  UNIQUE (company_id, idempotency_key)
);
CREATE INDEX batch_received ON batch (received_at);

-- Work approved in the cloud, waiting for the accounting system.
CREATE TABLE export_item (
  id              INTEGER PRIMARY KEY,
  company_id      INTEGER NOT NULL REFERENCES company (id),
  export_id       TEXT NOT NULL,
  entity          TEXT NOT NULL,
  version         INTEGER NOT NULL,
  sequence        INTEGER NOT NULL UNIQUE,  -- bumped with every new version
  fields          TEXT NOT NULL,            -- JSON object, line items in "items"
  status          TEXT NOT NULL CHECK (status IN ('pending', 'failed', 'applied')),
  applied_version INTEGER,                  -- what the accounting system holds
  accounting_id   TEXT,
  attempts        INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  UNIQUE (company_id, export_id)
);
CREATE INDEX export_item_feed ON export_item (company_id, sequence) WHERE status != 'applied';

-- Every acknowledgement received, for the operator and the item's history.
CREATE TABLE export_ack (
  id             INTEGER PRIMARY KEY,
  export_item_id INTEGER NOT NULL REFERENCES export_item (id),
  version        INTEGER NOT NULL,
  status         TEXT NOT NULL CHECK (status IN ('applied', 'failed')),
  message        TEXT,
  accounting_id  TEXT,
  user_id        INTEGER REFERENCES user (id),
  received_at    INTEGER NOT NULL
);
CREATE INDEX export_ack_item ON export_ack (export_item_id);

-- Store-wide counters, e.g. the export sequence.
CREATE TABLE counter (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;

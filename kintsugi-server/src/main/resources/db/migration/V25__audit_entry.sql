-- The audit trail (issue 13): every action, appended, chained by hash (see AuditChain in
-- kintsugi-core). Each project's entries form a chain of their own (prev_hash is the hash of the
-- project's previous entry; entries without a project form one more chain), so a project's entries
-- can be exported and verified alone. seq orders all entries: one sequence, taken with the
-- audit_sequence row locked, so seq follows commit order and has no gaps. detail: a JSON object of
-- strings, in the recorded order. No foreign keys: the trail is evidence and refers to what may
-- change. Append-only: nothing updates or deletes rows (PostgreSQL refuses it, V25.1); the hashes
-- are what detects it where it happens anyway.
CREATE TABLE audit_entry (
  seq         BIGINT       PRIMARY KEY,
  recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
  project_id  BIGINT,
  incident_id BIGINT,
  heal_run_id BIGINT,
  action      VARCHAR(100) NOT NULL,
  actor       VARCHAR(200) NOT NULL,
  detail      TEXT         NOT NULL,
  prev_hash   VARCHAR(64)  NOT NULL,
  entry_hash  VARCHAR(64)  NOT NULL
);
CREATE INDEX audit_entry_by_project ON audit_entry (project_id, seq);
CREATE INDEX audit_entry_by_incident ON audit_entry (incident_id, seq);

-- The lock every append takes (SELECT ... FOR UPDATE: it holds across servers sharing one
-- PostgreSQL) and the last seq handed out.
CREATE TABLE audit_sequence (
  id       INTEGER PRIMARY KEY,
  last_seq BIGINT  NOT NULL
);
INSERT INTO audit_sequence (id, last_seq) VALUES (1, 0);

-- Each chain's last entry (chain_id: the project's id, 0 for entries without a project), written
-- in the transaction that appends it: a chain whose last entries were deleted no longer reaches its
-- head.
CREATE TABLE audit_head (
  chain_id   BIGINT      PRIMARY KEY,
  seq        BIGINT      NOT NULL,
  entry_hash VARCHAR(64) NOT NULL
);

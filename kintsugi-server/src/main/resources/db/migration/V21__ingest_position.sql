-- How far each server's ingest journal has been applied. The event writer updates the row in the
-- transaction that inserts the events, so after a crash the server resumes exactly after the last
-- applied record: nothing twice, nothing skipped. Numbered after the H2-only Java migration 20.1
-- so that databases already migrated by it accept this one.
CREATE TABLE ingest_position (
  journal_id  VARCHAR(64) PRIMARY KEY,
  applied_seq BIGINT      NOT NULL,
  updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

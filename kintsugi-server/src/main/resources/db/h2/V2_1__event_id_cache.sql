-- H2 only (PostgreSQL caches identity values per session, which would break id order across
-- pooled connections). H2's identity cache defaults to 32 values and each refill commits a
-- system transaction, i.e. one more file write per 32 events with WRITE_DELAY 0. A larger cache
-- removes that write; H2 keeps ids monotonic across restarts (gaps after a crash are harmless).
ALTER TABLE event ALTER COLUMN id SET CACHE 4096;

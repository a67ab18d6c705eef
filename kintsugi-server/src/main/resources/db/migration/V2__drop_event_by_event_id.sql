-- Ingest throughput: event_by_event_id was keyed by random UUIDs, so every commit rewrote one
-- index page per event (H2's copy-on-write MVStore serialises each touched page on commit). No
-- query looks events up by event_id; listing a project's events uses the project_id foreign key
-- (H2 indexes it) or scans.
DROP INDEX event_by_event_id;

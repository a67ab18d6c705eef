-- Several servers on one PostgreSQL (issue 17): an event retried against another server, or re-sent
-- by the SDK after a server died before acknowledging it, must be stored and counted once. Each
-- server's de-duplication window (EventWriter) sees only its own events, so the database enforces
-- it: the writer inserts with ON CONFLICT (project_id, event_id) DO NOTHING and counts only the rows
-- inserted. PostgreSQL only: H2 is embedded (one server), where the window suffices and this index
-- halved ingest throughput (V2).
--
-- Copies already stored (the same event through two servers before this version) are removed
-- first, keeping the first one, and their incidents' counts lowered by as many, so the index can
-- be built and event_count matches the stored rows. No table references event.id.
WITH dup AS (
  SELECT id FROM (
    SELECT id, ROW_NUMBER() OVER (PARTITION BY project_id, event_id ORDER BY id) AS n FROM event
  ) ranked WHERE n > 1
), gone AS (
  DELETE FROM event e USING dup WHERE e.id = dup.id RETURNING e.incident_id
)
UPDATE incident i SET event_count = GREATEST(0, i.event_count - g.n)
FROM (SELECT incident_id, COUNT(*) AS n FROM gone GROUP BY incident_id) g
WHERE i.id = g.incident_id;

CREATE UNIQUE INDEX event_unique_event_id ON event (project_id, event_id);

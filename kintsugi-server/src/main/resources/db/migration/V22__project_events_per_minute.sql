-- Ingest quotas (issue 18): a project's own events-per-minute limit; NULL takes the server's
-- default (Limits.eventsPerMinute). A column of its own rather than a field of Project, which
-- other features build: ingest reads it through ProjectQuotas, cached for 30 s.
ALTER TABLE project ADD COLUMN events_per_minute INTEGER;

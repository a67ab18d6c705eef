-- What events may make the heal host do, per project (absent row: the defaults in HealPolicy).
-- trusted_refs: comma-separated branch/tag names ('*' suffix) an event's release may name; empty:
-- the repository's default branch. min_frame_events: a reproduction test may call a method only
-- once its frame was seen in that many of the incident's events.
CREATE TABLE heal_policy (
  project_id        BIGINT PRIMARY KEY REFERENCES project (id),
  heals_per_hour    INTEGER NOT NULL,
  concurrent_heals  INTEGER NOT NULL,
  new_heals_per_hour INTEGER NOT NULL,
  trusted_refs      VARCHAR(2000) NOT NULL,
  min_frame_events  INTEGER NOT NULL
);

-- Which budget a run was charged to: 'new' (a new incident), 'auto' (threshold, regression) or
-- 'manual' (asked for through REST: never held back, still counted).
ALTER TABLE heal_run ADD COLUMN budget_kind VARCHAR(10) DEFAULT 'auto' NOT NULL;
CREATE INDEX heal_run_by_created ON heal_run (created_at);

-- Why an incident due for a heal is waiting (over budget, or waiting for a second event).
CREATE TABLE heal_wait (
  incident_id BIGINT PRIMARY KEY REFERENCES incident (id),
  reason      VARCHAR(500) NOT NULL,
  since       TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Production healing: when a project heals its incidents on its own, and what each heal run did.
-- auto_heal: off | new (heal every new incident) | threshold (heal once event_count reaches
-- heal_threshold).
ALTER TABLE project ADD COLUMN auto_heal VARCHAR(20) DEFAULT 'new' NOT NULL;
ALTER TABLE project ADD COLUMN heal_threshold INTEGER DEFAULT 1 NOT NULL;

-- heal_run.status: queued → running → fixed | not_fixed | error. A run found 'running' at start
-- was interrupted by a server stop and is queued again (heals are idempotent: the workspace is
-- private and the branch ref is created last).
ALTER TABLE heal_run ADD COLUMN trigger_reason VARCHAR(200);
ALTER TABLE heal_run ADD COLUMN reproduced BOOLEAN;
ALTER TABLE heal_run ADD COLUMN report BYTEA;
CREATE INDEX heal_run_by_status ON heal_run (status, id);

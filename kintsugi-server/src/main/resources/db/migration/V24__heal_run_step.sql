-- A heal run's stages as the healer reports them (issue 12): REST shows a running heal's progress
-- and how long each stage took (until the next one began). seq orders one run's steps; a run
-- resumed after a stop numbers its steps after those of its first attempt. message may hold
-- untrusted (scrubbed) event text, cut to 1000 characters. The primary key is the index by run.
CREATE TABLE heal_run_step (
  run_id     BIGINT        NOT NULL REFERENCES heal_run (id),
  seq        INTEGER       NOT NULL,
  stage      VARCHAR(40)   NOT NULL,
  message    VARCHAR(1000) NOT NULL,
  started_at TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT heal_run_step_by_run PRIMARY KEY (run_id, seq)
);

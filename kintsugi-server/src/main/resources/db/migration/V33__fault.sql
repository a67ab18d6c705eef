-- Issue 16: faults the agent injects into a project's method for a chaos experiment. One row per
-- method ('com.acme.Pricing#quote', as circuits name methods). kind 'latency': each call sleeps
-- latency_ms, then runs; kind 'error': each call throws exception (a class's binary name) with
-- message. probability: the share of calls affected, in (0, 1]. experiment: the chaos experiment
-- that injected it (never empty: no fault without an experiment). A fault is active until
-- expires_at (at most an hour after injected_at); removing deletes the row (the audit trail keeps
-- the history). injected_by: the actor, as the audit trail names it.
CREATE TABLE fault (
  project_id   BIGINT         NOT NULL REFERENCES project (id),
  method       VARCHAR(1000)  NOT NULL,
  kind         VARCHAR(10)    NOT NULL,
  latency_ms   BIGINT,
  exception    VARCHAR(500),
  message      VARCHAR(1000),
  probability  DOUBLE PRECISION NOT NULL,
  experiment   VARCHAR(200)   NOT NULL,
  injected_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  injected_by  VARCHAR(200)   NOT NULL,
  CONSTRAINT fault_pk PRIMARY KEY (project_id, method),
  CONSTRAINT fault_kind CHECK (kind IN ('latency', 'error')),
  CONSTRAINT fault_probability CHECK (probability > 0 AND probability <= 1),
  CONSTRAINT fault_experiment CHECK (experiment <> '')
);

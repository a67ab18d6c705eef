-- Issue 15: the agent's per-method kill switches. One row per open circuit of a project's method
-- ('com.acme.Pricing#quote': the class's binary name, '#', the method name; every overload). mode:
-- 'fallback' (the agent returns the fallback literal instead of running the method) or 'fail' (it
-- throws a fast failure; fallback is null). A circuit is active until expires_at; closing deletes
-- the row (the audit trail keeps the history). opened_by: the actor, as the audit trail names it.
CREATE TABLE circuit (
  project_id  BIGINT         NOT NULL REFERENCES project (id),
  method      VARCHAR(1000)  NOT NULL,
  mode        VARCHAR(10)    NOT NULL,
  fallback    VARCHAR(4000),
  opened_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  opened_by   VARCHAR(200)   NOT NULL,
  CONSTRAINT circuit_pk PRIMARY KEY (project_id, method)
);

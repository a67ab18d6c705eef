-- Issue 15: runtime incidents. An incident is made from error events (kind 'error', every incident
-- before this) or from a runtime signal (kind 'runtime': an anomaly on a series, a failing health
-- check, a firing alert). Code healing never picks runtime incidents: there is no event to
-- reproduce, and a runbook acts on them instead. Their fingerprint is 'rt:' + a hash of the project
-- and the signal's subject, so repeats of one signal group into one incident.
ALTER TABLE incident ADD COLUMN kind VARCHAR(20) DEFAULT 'error' NOT NULL;

-- What opened a runtime incident's current episode (replaced when a resolved one reopens).
-- signal_kind: anomaly, health, alert; subject: the series, check or alert; description: the
-- signal in a line (untrusted text: escaped when shown). diagnosed_at: when the suspected causes
-- below were stored (null: not diagnosed yet); resolved_at: when recovery was reported.
CREATE TABLE runtime_trigger (
  incident_id  BIGINT        NOT NULL PRIMARY KEY REFERENCES incident (id),
  signal_kind  VARCHAR(20)   NOT NULL,
  subject      VARCHAR(500)  NOT NULL,
  description  VARCHAR(2000) NOT NULL,
  detected_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  diagnosed_at TIMESTAMP WITH TIME ZONE,
  resolved_at  TIMESTAMP WITH TIME ZONE
);

-- The ranked suspected causes of a runtime incident's current episode, best first (cause_rank 1).
-- kind: release, incident, series, health; score in [0, 1]; evidence: why, in a sentence.
CREATE TABLE runtime_cause (
  incident_id BIGINT           NOT NULL REFERENCES incident (id),
  cause_rank  INTEGER          NOT NULL,
  kind        VARCHAR(20)      NOT NULL,
  subject     VARCHAR(500)     NOT NULL,
  score       DOUBLE PRECISION NOT NULL,
  evidence    VARCHAR(2000)    NOT NULL,
  PRIMARY KEY (incident_id, cause_rank)
);

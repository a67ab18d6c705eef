-- Issue 14: a person's verdict on a fix that was not merged (the policy held it back for approval,
-- or any fixed run). review: 'approved' (merged by Kintsugi, or left for a person to merge: see
-- review_note) or 'rejected' (the fix ledger was told, its pull request closed, the incident
-- reopened). reviewed_by: who, as the audit trail records them; review_note: why they rejected it,
-- or what became of the approval. A rejected run is never approved afterwards; an approved one
-- that was not merged may be approved again (its checks pass later) or rejected.
ALTER TABLE heal_run ADD COLUMN review VARCHAR(10);
ALTER TABLE heal_run ADD COLUMN reviewed_by VARCHAR(200);
ALTER TABLE heal_run ADD COLUMN reviewed_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE heal_run ADD COLUMN review_note VARCHAR(4000);

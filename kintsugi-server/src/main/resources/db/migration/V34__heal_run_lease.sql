-- Issue 17: several server and worker nodes share one database and heal its queue. A node claims a
-- run (queued, or running with an expired lease) and holds it by a lease it renews while it heals.
-- lease_owner: the node id that claimed the run last (kept when the run is queued again, so the
-- next claim says whose run it resumes); lease_until: when the lease ends unless renewed (NULL:
-- expired, as for runs stored before this version); claims: how many times the run was claimed
-- (more than one: resumed after a stop, a crash or a lost lease).
ALTER TABLE heal_run ADD COLUMN lease_owner VARCHAR(200);
ALTER TABLE heal_run ADD COLUMN lease_until TIMESTAMP WITH TIME ZONE;
ALTER TABLE heal_run ADD COLUMN claims INTEGER DEFAULT 0 NOT NULL;

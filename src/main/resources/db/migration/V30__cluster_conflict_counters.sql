-- On a multi-primary cluster (MariaDB Galera, MySQL Group Replication) a locking read
-- (SELECT ... FOR UPDATE) locks a row only on the node it runs on: another node neither sees nor
-- waits for that lock. What serialises across nodes is a write: two transactions that change the
-- same row on different nodes conflict at certification and one is rolled back (a deadlock, which
-- the writer retries). So each lock that must hold across copies also bumps a counter of its row.
-- On a single server the UPDATE takes the same row lock the locking read took; nothing else changes.

-- Bumped by every change of the agency tree's shape (AgencyTree.lockTree).
ALTER TABLE agency_tree_lock ADD COLUMN changes BIGINT NOT NULL DEFAULT 0;

-- Bumped by every transaction that stores a response of the kiosk while its limits are on
-- (KioskLimits.readAndLock): the limit counts that follow decide on what the previous holder committed.
ALTER TABLE kiosk ADD COLUMN limited_writes BIGINT NOT NULL DEFAULT 0;

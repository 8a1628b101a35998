-- Administration (issue 5): kiosk heartbeat, one lock for tree changes.
-- Retirement needs no new column: agency.valid_to (last day of service) and survey_version.retired_at
-- exist. Ending an account's sessions uses account.tokens_valid_after (V4).

-- What a kiosk last reported about itself (POST /api/v1/kiosk/heartbeat): answers in its outbox.
ALTER TABLE kiosk ADD COLUMN waiting_responses INT NULL;

-- One row, locked (SELECT ... FOR UPDATE) by every change of the tree's shape (add, move, import)
-- so that two concurrent moves cannot together build a cycle that neither would alone.
CREATE TABLE agency_tree_lock (
    id INT NOT NULL PRIMARY KEY
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
INSERT INTO agency_tree_lock (id) VALUES (1);

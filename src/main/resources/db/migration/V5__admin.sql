-- Administration (issue 5): session revocation, kiosk heartbeat, one lock for tree changes.
-- Retirement needs no new column: agency.valid_to (last day of service) and survey_version.retired_at exist.

-- Raised on disable, password reset and scope change: tokens carry the number they were issued
-- with, and a token with an older number stops working at once, on every copy of the app.
ALTER TABLE account ADD COLUMN session_version INT NOT NULL DEFAULT 0;

-- What a kiosk last reported about itself (POST /api/v1/kiosk/heartbeat): answers in its outbox.
ALTER TABLE kiosk ADD COLUMN waiting_responses INT NULL;

-- One row, locked (SELECT ... FOR UPDATE) by every change of the tree's shape (add, move, import)
-- so that two concurrent moves cannot together build a cycle that neither would alone.
CREATE TABLE agency_tree_lock (
    id INT NOT NULL PRIMARY KEY
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
INSERT INTO agency_tree_lock (id) VALUES (1);

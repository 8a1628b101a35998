-- Issue 14, scheduled parts: what a reviewer opted in to, and the weekly digests already queued.

-- One row per opted-in reviewer (V60); an account may want the alert e-mails, the weekly digest or both.
ALTER TABLE alert_subscription ADD COLUMN alerts BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE alert_subscription ADD COLUMN digest BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE alert_subscription ADD COLUMN updated_at DATETIME(6) NULL;

-- At most one digest per reviewer and ISO week (week: '2026-W49'). The row is inserted in the
-- transaction that puts the digest on the outbox, under a lock of the subscription row, so of
-- several copies only the first queues it.
CREATE TABLE alert_digest (
    account_id BIGINT      NOT NULL,
    week       CHAR(8)     NOT NULL,
    created_at DATETIME(6) NOT NULL,
    PRIMARY KEY (account_id, week),
    CONSTRAINT fk_alert_digest_account FOREIGN KEY (account_id) REFERENCES account (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The outbox cleanup deletes dispatched events and delivered deliveries by age.
CREATE INDEX ix_delivery_delivered ON delivery (delivered_at);

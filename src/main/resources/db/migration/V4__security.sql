-- Security hardening (issue 5). Portable across MySQL 8, MariaDB 10.11 and H2 (MySQL mode).

-- One row per failed login, kept for the throttling window only. throttle_key is a keyed hash
-- (HMAC) of the account name typed or of the client's address: raw addresses are never stored.
-- Insert-only rows counted over a window: every copy of the app sees the same count.
CREATE TABLE login_failure (
    id            BIGINT AUTO_INCREMENT PRIMARY KEY,
    throttle_key  CHAR(64)    NOT NULL,
    kind          VARCHAR(16) NOT NULL,
    username      VARCHAR(64) NULL,
    failed_at     DATETIME(6) NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
CREATE INDEX ix_login_failure_key ON login_failure (throttle_key, failed_at);
CREATE INDEX ix_login_failure_time ON login_failure (failed_at);

-- Tokens (JWT) issued before this instant are refused: logout ends every session of the account,
-- and disabling an account takes effect at once instead of when its tokens expire.
ALTER TABLE account ADD COLUMN tokens_valid_after DATETIME(6) NULL;

-- Per-kiosk limits read the kiosk's recent responses: by receipt time (rate) and by the time the
-- citizen finished (minimum interval).
CREATE INDEX ix_response_kiosk_received ON response (kiosk_id, received_at);
CREATE INDEX ix_response_kiosk_submitted ON response (kiosk_id, submitted_at);

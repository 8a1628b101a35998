-- Audit log (append-only, hash-chained) and suspicious-pattern flags on responses.
-- Portable across MySQL 8, MariaDB 10.11 and H2 (MySQL mode). Instants in UTC as DATETIME(6).

-- One row per audited event. seq is handed out by audit_chain_head (not AUTO_INCREMENT) so that the
-- chain order is the seq order with no gaps: a missing seq is a deleted row.
-- hash = HMAC-SHA256(key, canonical form of this row's fields + prev_hash); see docs/audit.md.
-- The application only ever INSERTs and SELECTs here (production grants enforce it, docs/audit.md).
CREATE TABLE audit_log (
    seq             BIGINT        NOT NULL PRIMARY KEY,
    at              DATETIME(6)   NOT NULL,
    actor           VARCHAR(100)  NOT NULL,
    actor_role      VARCHAR(16)   NULL,
    actor_agency_id BIGINT        NULL,
    action          VARCHAR(64)   NOT NULL,
    target          VARCHAR(255)  NULL,
    details         VARCHAR(2000) NULL,
    prev_hash       CHAR(64)      NOT NULL,
    hash            CHAR(64)      NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
CREATE INDEX ix_audit_at ON audit_log (at);
CREATE INDEX ix_audit_action ON audit_log (action, at);
CREATE INDEX ix_audit_actor ON audit_log (actor, at);

-- The single chain head: every append locks it (SELECT ... FOR UPDATE) in its own transaction, so
-- appends from any number of app copies form one linear chain. It also tells where the chain ends,
-- so rows cut off the end are noticed.
CREATE TABLE audit_chain_head (
    id        INT         NOT NULL PRIMARY KEY,
    last_seq  BIGINT      NOT NULL,
    last_hash CHAR(64)    NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
INSERT INTO audit_chain_head (id, last_seq, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- A suspicious pattern seen on a stored response. The response stays counted until an admin
-- confirms the flag (state 'confirmed' = excluded from figures); 'dismissed' = reviewed, fine.
-- One row per (response, reason); decisions are kept in the audit log with who and when.
CREATE TABLE response_flag (
    id           BIGINT AUTO_INCREMENT PRIMARY KEY,
    response_id  CHAR(36)     NOT NULL,
    agency_id    BIGINT       NOT NULL,
    kiosk_id     BIGINT       NULL,
    reason       VARCHAR(32)  NOT NULL,
    detail       VARCHAR(255) NULL,
    raised_at    DATETIME(6)  NOT NULL,
    state        VARCHAR(16)  NOT NULL,
    decided_at   DATETIME(6)  NULL,
    decided_by   VARCHAR(100) NULL,
    CONSTRAINT uq_flag_response_reason UNIQUE (response_id, reason),
    CONSTRAINT fk_flag_response FOREIGN KEY (response_id) REFERENCES response (id),
    CONSTRAINT fk_flag_agency FOREIGN KEY (agency_id) REFERENCES agency (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
CREATE INDEX ix_flag_state ON response_flag (state, raised_at);
-- Burst and run checks look back over one kiosk's recent submissions.
CREATE INDEX ix_response_kiosk_time ON response (kiosk_id, submitted_at);

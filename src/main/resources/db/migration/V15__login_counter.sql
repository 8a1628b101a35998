-- Login throttling counted atomically (issue 11, red-team findings 1b, 1c, 4). One row per throttle
-- key (a keyed hash, never a raw name or address): an account for clients it does not know, one
-- remembered browser of an account, an unknown name, a client address. A login attempt first claims
-- a slot with one conditional UPDATE (attempts < limit), so simultaneous guesses on any number of
-- copies can never check more than the limit; a successful login gives its slot back.
CREATE TABLE login_counter (
    throttle_key  CHAR(64)    NOT NULL PRIMARY KEY,
    kind          VARCHAR(16) NOT NULL,
    account_id    BIGINT      NULL,
    attempts      INT         NOT NULL,
    window_start  DATETIME(6) NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
CREATE INDEX ix_login_counter_account ON login_counter (account_id);
CREATE INDEX ix_login_counter_window ON login_counter (window_start);

-- The insert-then-count table it replaces: its count was read before the failure was written
-- (concurrent guesses all passed) and its key was the name as typed (look-alike names passed).
DROP TABLE login_failure;

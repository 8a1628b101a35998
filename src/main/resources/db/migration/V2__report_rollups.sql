-- Report rollups (ADR 0006): per agency, survey code and day / month, the additive counts every
-- SIPAS figure follows from, kept in step with the response rows in the submission transaction.
-- Portable across MySQL 8, MariaDB 10.11 and H2 (MySQL mode).

-- Set only when an admin confirms a response as suspicious: it then counts nowhere (rollups,
-- rebuild, the raw recomputation) but stays stored. Cleared again if the admin reverses the decision.
ALTER TABLE response ADD COLUMN excluded_at DATETIME(6) NULL;

-- The report scan index, now also carrying excluded_at, so the raw recomputation and the rollup
-- rebuild still read one index entry per response. Created before the old one is dropped: the
-- agency foreign key needs an index starting with agency_id at every moment.
CREATE INDEX ix_response_scan ON response (agency_id, survey_code, submitted_date, survey_version_id, scores, excluded_at);
DROP INDEX ix_response_report ON response;

-- tally: the serialized counts of every survey version answered that day (vn.hailong.tally.RollupTally).
CREATE TABLE rollup_day (
    agency_id    BIGINT      NOT NULL,
    survey_code  VARCHAR(64) NOT NULL,
    on_day       DATE        NOT NULL,
    responses    BIGINT      NOT NULL,
    tally        MEDIUMBLOB  NOT NULL,
    PRIMARY KEY (agency_id, survey_code, on_day),
    CONSTRAINT fk_rollup_day_agency FOREIGN KEY (agency_id) REFERENCES agency (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The same per calendar month (month_start = the 1st). This row is also the lock that orders every
-- change to the agency's rollups of that month: submissions, exclusions and the rebuild take it first.
CREATE TABLE rollup_month (
    agency_id    BIGINT      NOT NULL,
    survey_code  VARCHAR(64) NOT NULL,
    month_start  DATE        NOT NULL,
    responses    BIGINT      NOT NULL,
    tally        MEDIUMBLOB  NOT NULL,
    PRIMARY KEY (agency_id, survey_code, month_start),
    CONSTRAINT fk_rollup_month_agency FOREIGN KEY (agency_id) REFERENCES agency (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- stale: the rollups do not (yet) reflect the responses, e.g. right after this migration on an
-- installation that already has responses. The app then answers reports from the raw rows and
-- rebuilds the rollups once in the background (RollupState).
CREATE TABLE rollup_state (
    id           INT         NOT NULL PRIMARY KEY,
    stale        BOOLEAN     NOT NULL,
    claimed_by   VARCHAR(64) NULL,
    claimed_at   DATETIME(6) NULL,
    rebuilt_at   DATETIME(6) NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
INSERT INTO rollup_state (id, stale) SELECT 1, CASE WHEN EXISTS (SELECT 1 FROM response) THEN TRUE ELSE FALSE END;

-- Issue 15, paper entry: survey rounds typed in from paper sheets, with double keying.

-- A round of paper sheets of one agency and one survey version. double_percent: the share of
-- its sheets (0-100) that two different accounts must key before the sheet counts; which sheets
-- is decided from the sheet number (EntrySample), so the choice is fixed before anyone keys.
CREATE TABLE entry_round (
    id                BIGINT AUTO_INCREMENT PRIMARY KEY,
    agency_id         BIGINT       NOT NULL,
    survey_version_id BIGINT       NOT NULL,
    name              VARCHAR(100) NOT NULL,
    double_percent    INT          NOT NULL,
    created_by        VARCHAR(64)  NOT NULL,
    created_at        DATETIME(6)  NOT NULL,
    CONSTRAINT fk_entry_round_agency FOREIGN KEY (agency_id) REFERENCES agency (id),
    CONSTRAINT fk_entry_round_version FOREIGN KEY (survey_version_id) REFERENCES survey_version (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- One row per sheet number of a round: its state (waiting = keyed once, a second keying due;
-- mismatch = two keyings differ, a third person resolves; counted = stored as a response).
-- The row is locked (SELECT ... FOR UPDATE) while a keying of the sheet is decided.
CREATE TABLE entry_sheet (
    round_id     BIGINT      NOT NULL,
    sheet_no     INT         NOT NULL,
    double_keyed BOOLEAN     NOT NULL,
    status       VARCHAR(16) NOT NULL,
    response_id  CHAR(36)    NULL,
    resolved_by  VARCHAR(64) NULL,
    updated_at   DATETIME(6) NOT NULL,
    PRIMARY KEY (round_id, sheet_no),
    CONSTRAINT fk_entry_sheet_round FOREIGN KEY (round_id) REFERENCES entry_round (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Every keying of a sheet as typed (after normalising): purpose 'key' (first or second) or
-- 'resolve' (the third person's decision). Kept after the sheet counts, for the audit trail.
CREATE TABLE entry_keying (
    id         BIGINT AUTO_INCREMENT PRIMARY KEY,
    round_id   BIGINT      NOT NULL,
    sheet_no   INT         NOT NULL,
    purpose    VARCHAR(8)  NOT NULL,
    keyed_by   VARCHAR(64) NOT NULL,
    sheet_date DATE        NOT NULL,
    fields     TEXT        NOT NULL,
    keyed_at   DATETIME(6) NOT NULL,
    CONSTRAINT fk_entry_keying_sheet FOREIGN KEY (round_id, sheet_no) REFERENCES entry_sheet (round_id, sheet_no)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
CREATE INDEX ix_entry_keying_sheet ON entry_keying (round_id, sheet_no);

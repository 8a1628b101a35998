-- Dossiers an agency (with its sub-agencies) handled in a month, quarter or year, entered by its
-- reviewers or an admin; the dashboard turns them into the Slovin sample target (sipas.md).
-- One row per agency and period; a new entry replaces the old one.
CREATE TABLE sample_target (
    agency_id     BIGINT       NOT NULL,
    period_kind   VARCHAR(8)   NOT NULL,
    period_start  DATE         NOT NULL,
    dossiers      BIGINT       NOT NULL,
    entered_by    VARCHAR(64)  NOT NULL,
    entered_at    DATETIME(6)  NOT NULL,
    PRIMARY KEY (agency_id, period_kind, period_start),
    CONSTRAINT fk_sample_target_agency FOREIGN KEY (agency_id) REFERENCES agency (id),
    CONSTRAINT ck_sample_target_dossiers CHECK (dossiers >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Pending rollup changes (issue 17 §2, ADR 0006 amended): a submission appends the counts it adds
-- to one (agency, survey, day) here instead of reading and rewriting the busy rollup_day and
-- rollup_month rows; RollupFolder adds them into those rows in the background and deletes them in
-- the same transaction. Reports read the rollup rows plus the rows here (RollupReader), so they
-- stay exact at every moment. Append-only between folds: concurrent submissions never write the
-- same row (no lock waits on one server, no certification conflicts on a Galera cluster).
-- No foreign key: the agency is the response's, checked when the response row is inserted.
CREATE TABLE rollup_delta (
    id           BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    agency_id    BIGINT      NOT NULL,
    survey_code  VARCHAR(64) NOT NULL,
    on_day       DATE        NOT NULL,
    responses    BIGINT      NOT NULL,
    tally        MEDIUMBLOB  NOT NULL,
    INDEX ix_rollup_delta_key (agency_id, survey_code, on_day)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

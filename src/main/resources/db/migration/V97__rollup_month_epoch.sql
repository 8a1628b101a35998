-- Epochs of the closed months (issue 16, ADR 0006 amended): every write that changes what a month
-- adds up to after the month has ended — a late submission, an exclusion or inclusion, a rebuild —
-- bumps the month's epoch in its own transaction. Each copy of the app keeps the summed tallies of
-- closed months in memory (tally.MonthCache) together with the epoch it read them at, in the same
-- read transaction; a cached sum whose epoch is no longer the row's is read again. A month with no
-- row here has epoch 0. One row per (survey, month) that was ever changed late: a few hundred rows.
CREATE TABLE rollup_month_epoch (
    survey_code  VARCHAR(64) NOT NULL,
    month_start  DATE        NOT NULL,
    epoch        BIGINT      NOT NULL,
    PRIMARY KEY (survey_code, month_start)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

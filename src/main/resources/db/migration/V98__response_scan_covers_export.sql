-- The report scan index widened so that it also covers the raw CSV export (issue 16, "Speed";
-- docs/benchmarks.md, "Raw responses export at 1 M rows"). The export reads channel, language and
-- submitted_at besides the columns of ix_response_scan; without them in the index every exported
-- row was a primary-key lookup, a random page read once the table outgrows the buffer pool
-- (~10,000 rows/s at 1 M responses with 128 MiB, against ~140,000 rows/s read from the index).
-- A wider entry of the same index, not a second index: a submission still writes one entry here.
--
-- The columns of ix_response_scan first, in the same order, so every query that used it (the row
-- path of the reports, the rollup rebuild, the response rate, comments, the one-stop report) keeps
-- its plan. id comes next, before the new columns: InnoDB ends every secondary-index entry with the
-- primary key anyway (so it costs nothing more), and placed here it keeps the order rows are read in
-- (ties broken by id, as before), so the export writes the same bytes in the same order as before.
-- Created before the old index is dropped: the agency foreign key needs an index starting with
-- agency_id at every moment. Portable across MySQL 8, MariaDB 10.11 and H2 (MySQL mode).
CREATE INDEX ix_response_scan_export ON response
    (agency_id, survey_code, submitted_date, survey_version_id, scores, excluded_at, id, channel, language, submitted_at);
DROP INDEX ix_response_scan ON response;

-- Issue 12: n counts respondents with at least one scale answer (vn.hailong.survey.ScoreLine).
-- Responses stored before empty submissions were refused (score line of zeros only) stay stored,
-- but the rollups counted them: mark the rollups stale, so reports read the raw rows (which leave
-- such responses out) until the start-up rebuild (RollupState) has recounted every rollup row
-- under the new rule. Only where such a response exists: other installations keep their rollups.
UPDATE rollup_state SET stale = TRUE
WHERE id = 1 AND EXISTS (SELECT 1 FROM response r WHERE r.scores <> '' AND REPLACE(r.scores, '0', '') = '');

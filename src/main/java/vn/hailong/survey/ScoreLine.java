package vn.hailong.survey;

/**
 * Which responses count as respondents (n): those with at least one answer on a scale, i.e. a
 * non-zero digit in their score line (see {@link Questionnaire}). A response to a survey without
 * any scale question (empty score line) counts as it is. Responses stored before empty
 * submissions were refused may carry an all-zero line; they stay stored but count nowhere.
 * Every count (rollups, their rebuild, the raw recomputation, exports) uses this one rule.
 */
public final class ScoreLine {

    /**
     * The same rule in SQL over a response row aliased {@code r}; portable across MySQL, MariaDB
     * and H2 (REPLACE is in all three).
     */
    public static final String COUNTS_SQL = "(r.scores = '' OR REPLACE(r.scores, '0', '') <> '')";

    private ScoreLine() {
    }

    /** Whether a response with this score line counts as a respondent. */
    public static boolean counts(String scores) {
        if (scores.isEmpty()) {
            return true;
        }
        for (int i = 0; i < scores.length(); i++) {
            if (scores.charAt(i) != '0') {
                return true;
            }
        }
        return false;
    }
}

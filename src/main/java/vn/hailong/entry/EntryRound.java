package vn.hailong.entry;

import vn.hailong.agency.Agency;

import java.time.Instant;

/**
 * A round of paper sheets for one agency and one survey version, with how many of its sheets two
 * accounts must key ({@code doublePercent}) and how far the keying has come.
 */
record EntryRound(long id, Agency agency, long surveyVersionId, String surveyCode, int surveyVersion, String name,
                  int doublePercent, String createdBy, Instant createdAt, Counts counts) {

    /** Sheets counted (stored as responses), keyed once and waiting for their second keying, and in mismatch. */
    record Counts(int counted, int waiting, int mismatched) {

        public int keyed() {
            return counted + waiting + mismatched;
        }
    }
}

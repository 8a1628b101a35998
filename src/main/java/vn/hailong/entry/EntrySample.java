package vn.hailong.entry;

import vn.hailong.system.Hashing;

/**
 * Which sheets of a round must be keyed twice: all of them at 100 %, none at 0 %, otherwise those
 * whose number falls in the sample by a hash of round and sheet number. Fixed by the numbers alone,
 * so it is the same on every copy of the app and for every typist, and a sample of N % holds about
 * N of every hundred sheets whatever order they are typed in.
 */
final class EntrySample {

    private EntrySample() {
    }

    static boolean doubleKeyed(long roundId, int sheetNo, int percent) {
        if (percent >= 100) {
            return true;
        }
        if (percent <= 0) {
            return false;
        }
        String hash = Hashing.sha256("entry-sample\n" + roundId + "\n" + sheetNo);
        int bucket = Integer.parseInt(hash.substring(0, 6), 16) % 100;
        return bucket < percent;
    }
}

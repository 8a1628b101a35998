package vn.hailong.flag;

/** Why a response was flagged; the word is what response_flag.reason stores. */
enum FlagReason {
    BURST("burst"),
    IDENTICAL_RUN("identical-run"),
    OUTSIDE_HOURS("outside-hours");

    private final String word;

    FlagReason(String word) {
        this.word = word;
    }

    String word() {
        return word;
    }
}

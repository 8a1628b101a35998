package vn.hailong.response;

/** What happened to an accepted submission: stored now, or stored before with the same content. */
public enum RecordOutcome {
    STORED, REPLAYED
}

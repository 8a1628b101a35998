package vn.hailong.audit;

import io.micronaut.core.annotation.Nullable;

/**
 * The outcome of walking the whole chain. When it is broken, {@code firstBrokenSeq} is the first
 * position where it does not hold and {@code problem} says how:
 * <ul>
 * <li>{@code changed}: the row's content no longer matches its hash (edited in place);</li>
 * <li>{@code missing}: no row with this seq (deleted);</li>
 * <li>{@code relinked}: the row does not point at the hash of the row before it (inserted, moved,
 *     or the row before it was replaced);</li>
 * <li>{@code truncated}: the chain head says more rows were written than are there (cut off the end);</li>
 * <li>{@code beyond-head}: rows after the last one the application wrote (added behind its back);</li>
 * <li>{@code head-mismatch}: the last row is not the one the chain head remembers.</li>
 * </ul>
 */
public record ChainCheck(boolean intact, long rowsChecked, long headSeq, @Nullable Long firstBrokenSeq,
                         @Nullable String problem) {

    static ChainCheck intact(long rows, long headSeq) {
        return new ChainCheck(true, rows, headSeq, null, null);
    }

    static ChainCheck broken(long rows, long headSeq, long seq, String problem) {
        return new ChainCheck(false, rows, headSeq, seq, problem);
    }
}

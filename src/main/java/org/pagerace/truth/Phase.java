package org.pagerace.truth;

/**
 * When the store ran relative to the operations of the race partner, from monotonic-clock stamps taken around each
 * side (so a label errs towards {@link #OVERLAP}, never away from it). It lets a sample be checked against what the
 * order of events allows: a store wholly before a truncate must be gone, one wholly after must land.
 */
public enum Phase {
    /** The store returned before the partner's first operation began. */
    BEFORE,
    /** The store overlapped one of the partner's operations: any correct outcome is possible. */
    OVERLAP,
    /** The store ran wholly between the partner's two operations (races with two). */
    GAP,
    /** The store began after the partner's last operation returned. */
    AFTER;

    /** The phase of a store stamped {@code [storeStart, storeEnd]} against the partner's stamps {@code op}. */
    public static Phase of(long storeStart, long storeEnd, OpTimes op) {
        if (storeEnd <= op.start) {
            return BEFORE;
        }
        if (storeStart >= op.end) {
            return AFTER;
        }
        if (op.twoOps() && storeStart >= op.firstDone && storeEnd <= op.secondStart) {
            return GAP;
        }
        return OVERLAP;
    }

    /** The lower-case name used in {@code truth.json}. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package org.pagerace.truth;

/**
 * When the store ran relative to the operations of the race partner, from monotonic-clock stamps taken around each
 * side by {@code pagerace-racer} (so a label errs towards {@link #OVERLAP}, never away from it). It lets a sample be checked against what the
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

    /** The phase with {@link #id()} {@code id}; throws {@link IllegalArgumentException} for another. */
    public static Phase byId(String id) {
        for (Phase p : values()) {
            if (p.id().equals(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown phase '" + id + "'");
    }

    /** The lower-case name used in {@code truth.json}. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package org.pagerace.mm;

/**
 * How one user store ended, with what the oracle needs to judge it: the faults it took, the folio it landed in and
 * that folio's state at that moment, and the smallest i_size its faults read.
 */
public final class StoreResult {
    /** How a store ends. */
    public enum Status {
        /** The store went through a writable pte. */
        STORED,
        /** A fault returned SIGBUS. */
        SIGBUS,
        /** The store took {@link UserAccess#MAX_FAULTS} faults without landing. */
        LIVELOCK
    }

    public final Status status;
    public final int faults;
    public final int ooms;
    /** The folio the store went into (STORED only). */
    public final Folio folio;
    /** The folio had been removed from the page cache when the store went into it. */
    public final boolean stale;
    /** The folio had been cleaned after its last page_mkwrite: the filesystem was not told of this dirtying. */
    public final boolean unnotified;
    /** The backing took the data (false: the real page was beyond the real EOF). */
    public final boolean landed;
    /** The smallest i_size any of its faults read ({@link Long#MAX_VALUE} if none read it). */
    public final long minSizeSeen;
    /** The tick at which the store ended. */
    public final long tick;

    private StoreResult(Status status, int faults, int ooms, Folio folio, boolean stale, boolean unnotified,
            boolean landed, long minSizeSeen, long tick) {
        this.status = status;
        this.faults = faults;
        this.ooms = ooms;
        this.folio = folio;
        this.stale = stale;
        this.unnotified = unnotified;
        this.landed = landed;
        this.minSizeSeen = minSizeSeen;
        this.tick = tick;
    }

    static StoreResult stored(int faults, int ooms, Folio folio, boolean stale, boolean unnotified, boolean landed,
            long minSizeSeen, long tick) {
        return new StoreResult(Status.STORED, faults, ooms, folio, stale, unnotified, landed, minSizeSeen, tick);
    }

    static StoreResult sigbus(int faults, int ooms, long minSizeSeen, long tick) {
        return new StoreResult(Status.SIGBUS, faults, ooms, null, false, false, false, minSizeSeen, tick);
    }

    static StoreResult livelock(int faults, int ooms, long minSizeSeen, long tick) {
        return new StoreResult(Status.LIVELOCK, faults, ooms, null, false, false, false, minSizeSeen, tick);
    }

    /** Faults beyond the first: how often the fault path restarted. */
    public int retries() {
        return Math.max(0, faults - 1 - ooms);
    }

    @Override
    public String toString() {
        return status + " faults=" + faults + " ooms=" + ooms + (stale ? " stale" : "")
                + (unnotified ? " unnotified" : "") + (status == Status.STORED && !landed ? " efault" : "");
    }
}

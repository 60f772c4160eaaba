package org.pagerace.check;

/**
 * What one finished race sample is classified as: a short stable id, whether a correct kernel and filesystem may
 * show it, and its consequence in kernel terms. When a sample shows several, the first in this order wins (the
 * most severe). Ids are used across the project: in JCStress grading, in {@code stress.json}, in reports.
 */
public enum Outcome {
    KERNEL_BUG(true, "A BUG_ON/VM_BUG_ON fired (e.g. LOCKED returned with the page unlocked): the kernel oopses."),
    DEADLOCK(true, "No actor can make progress: each waits for a lock that is never released (a leaked or "
            + "self-taken page lock, an rwsem taken twice): the tasks hang."),
    TIMEOUT(true, "An actor neither finished nor waited for a lock within the watchdog time (a handler that never "
            + "returns): the task hangs."),
    HANDLER_ERROR(true, "The filesystem model threw an exception (not a BUG_ON) out of a kernel operation: the "
            + "kernel would oops or corrupt state."),
    LIVELOCK(true, "The store kept faulting without landing (" + org.pagerace.mm.UserAccess.QUIET_FAULTS
            + " faults after the partner had finished, or " + org.pagerace.mm.UserAccess.MAX_FAULTS
            + " in all): the task spins in the fault handler."),
    LEAKED_LOCK(true, "A page lock, pte lock or rwsem is still held after the race: the next fault or truncate hangs."),
    LEAKED_REF(true, "A page's reference count is off after the race: the page leaks or is freed while in use."),
    KERNEL_WARN(true, "A WARN_ON fired (e.g. iomap's write fault found a page that is not uptodate): the kernel "
            + "warns and goes on in a state its code rules out. A bug, not a crash."),
    STALE_WRITE(true, "A store went into a page already removed from the page cache: the write is silently lost."),
    UNBACKED_DIRTY(true, "A page was dirtied or written back without the metadata page_mkwrite set up: writeback "
            + "finds no block (data loss, ENOSPC at writeback, or a BUG)."),
    UNNOTIFIED_DIRTY(true, "A page was cleaned after page_mkwrite prepared it and then dirtied through a pte "
            + "without a new page_mkwrite: the filesystem missed the dirtying."),
    LOST_WRITE(true, "A completed store that no truncate or punch covers is not in the file, or its page is no "
            + "longer tracked as dirty: acknowledged data is lost."),
    UNSYNCED_WRITE(true, "A store that completed before an fsync or msync(MS_SYNC) began is not on storage when "
            + "that call returns: the page cache still holds it, but the data the application was told is durable is "
            + "lost at a crash or power failure."),
    STALE_DATA(true, "A load after the punch returned reads data the punch removed: a page read in from storage "
            + "while the punch ran stays in the page cache with the old data (the punched range is not a hole to "
            + "readers until the page is dropped, and writeback of it puts the old data back)."),
    HOLE_NOT_EMPTY(true, "A page that was in the page cache when the hole punch began is still there, inside the "
            + "punched range, after the punch returned: a fault mapped it again between the punch's unmap and its "
            + "removal pass, which then left it, so the hole keeps the old page and whatever was stored into it."),
    UNSTABLE_WRITE(true, "A page changed while its write I/O was in flight (PG_writeback set, no stable-page wait "
            + "in page_mkwrite): the disk writes torn data, and a checksum or RAID parity computed at submission no "
            + "longer matches it."),
    FROZEN_DIRTY(true, "A page was dirty, or dirtied, while the filesystem was frozen (after freeze_super returned, "
            + "before thaw): the snapshot taken of the frozen filesystem is not what the page cache holds, and the "
            + "flusher thread that tries to write the page hangs on the frozen filesystem."),
    SPURIOUS_SIGBUS(true, "SIGBUS although the page was within i_size whenever the fault looked: the application "
            + "is killed for a store that was legal."),
    PAGE_BEYOND_EOF(true, "A page beyond i_size is left in the page cache after truncate: extending the file "
            + "exposes its stale contents, and its reservation leaks."),
    BLOCK_BEYOND_EOF(true, "A block is reserved or allocated for a page wholly beyond i_size after the truncate that "
            + "removed that page returned: the space stays allocated, unreachable by reads, until the next truncate "
            + "or the file's deletion."),
    SIGBUS(false, "SIGBUS for a store to a page that was beyond i_size when the fault looked, or on a filesystem "
            + "that was shut down: correct."),
    OOM(false, "A fault returned VM_FAULT_OOM, the page was left unlocked and the retried store landed: correct."),
    DISCARDED(false, "The store landed and a later truncate or punch discarded it, or a shutdown of the filesystem "
            + "failed its writeback: correct."),
    TAIL_ZEROED(false, "partial-page: the store landed in the EOF page's tail beyond i_size, between the shrink and "
            + "the extension, and reads back as zeros after the extension (the extension or a writeback zeroed the "
            + "tail): correct."),
    TAIL_KEPT(false, "partial-page: the store landed in the EOF page's tail beyond i_size, between the shrink and the "
            + "extension, and its value reads back after the extension (the stale tail became file data): correct, "
            + "as the kernel before 6.13 and tmpfs leave it."),
    OK_RETRIED(false, "The store landed after the fault restarted at least once (NOPAGE or a 0 return): correct."),
    OK(false, "The store landed on the first fault and is in the file: correct.");

    private final boolean bug;
    private final String consequence;

    Outcome(boolean bug, String consequence) {
        this.bug = bug;
        this.consequence = consequence;
    }

    /** Whether a correct system never shows this outcome. */
    public boolean isBug() {
        return bug;
    }

    /** One sentence: what this outcome means for the kernel and its users. */
    public String consequence() {
        return consequence;
    }

    /** The id (the enum name). */
    public String id() {
        return name();
    }
}

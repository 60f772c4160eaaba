package org.pagerace.fs.blockfs;

import java.util.concurrent.atomic.AtomicInteger;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;

/**
 * The freeze state of a {@code struct super_block} ({@code include/linux/fs.h}, {@code fs/super.c}): the level a
 * freeze has reached ({@code s_frozen} in 3.1, {@code s_writers.frozen} from 3.6) and, from 3.6, the count of page
 * faults inside {@code sb_start_pagefault} ({@code s_writers.counter[SB_FREEZE_PAGEFAULT-1]}).
 *
 * <p>Deviations: one field for both releases' levels (3.1 has {@link #SB_FREEZE_WRITE} and {@link #SB_FREEZE_TRANS},
 * 3.6 {@link #SB_FREEZE_WRITE}, {@link #SB_FREEZE_PAGEFAULT}, {@link #SB_FREEZE_FS}, {@link #SB_FREEZE_COMPLETE});
 * the percpu counter is one atomic counter; waiters spin (or yield to the scheduler) at {@link #WAIT_UNFROZEN} and
 * {@link #WAIT_PAGEFAULTS} instead of sleeping on {@code s_wait_unfrozen}; no write(2) writers exist in the races, so
 * only the page-fault level is counted.
 */
public final class SuperBlock {
    public static final int SB_UNFROZEN = 0;
    public static final int SB_FREEZE_WRITE = 1;
    /** 3.1: the level after {@code sync_filesystem} ("no new transactions"). */
    public static final int SB_FREEZE_TRANS = 2;
    /** 3.6: page faults are blocked. */
    public static final int SB_FREEZE_PAGEFAULT = 2;
    /** 3.6: the filesystem's internal writers are blocked. */
    public static final int SB_FREEZE_FS = 3;
    /** 3.6: the freeze is complete. */
    public static final int SB_FREEZE_COMPLETE = 4;

    /** A fault (or any writer) waits here for the filesystem to be thawed. */
    public static final Point WAIT_UNFROZEN = Point.declare("WAIT_UNFROZEN",
            "Waiting for a frozen (or freezing) filesystem to be thawed (vfs_check_frozen, sb_start_pagefault).");
    /** A freeze waits here for the page faults inside {@code sb_start_pagefault} to leave. */
    public static final Point WAIT_PAGEFAULTS = Point.declare("WAIT_PAGEFAULTS",
            "freeze_super: waiting for the page faults inside sb_start_pagefault to finish (sb_wait_write).");

    /** {@code s_frozen} / {@code s_writers.frozen}. */
    volatile int s_frozen = SB_UNFROZEN;
    private final AtomicInteger pagefaults = new AtomicInteger();

    /** {@code vfs_check_frozen(sb, level)} (3.1): wait until the freeze is below {@code level}. */
    public static void vfs_check_frozen(SuperBlock sb, int level) {
        Points.waitUntil(WAIT_UNFROZEN, () -> sb.s_frozen < level, () -> sb.s_frozen < level);
    }

    /**
     * {@code sb_start_pagefault} (3.6, {@code __sb_start_write(sb, SB_FREEZE_PAGEFAULT, true)}): wait until page
     * faults are not blocked, count this one in, and recheck (a freeze may have begun meanwhile: then leave and
     * wait again).
     */
    public static void sb_start_pagefault(SuperBlock sb) {
        Points.waitUntil(WAIT_UNFROZEN, () -> sb.s_frozen < SB_FREEZE_PAGEFAULT, () -> {
            if (sb.s_frozen >= SB_FREEZE_PAGEFAULT) {
                return false;
            }
            sb.pagefaults.incrementAndGet();
            if (sb.s_frozen >= SB_FREEZE_PAGEFAULT) {
                sb_end_pagefault(sb);
                return false;
            }
            return true;
        });
    }

    /** {@code sb_end_pagefault} (3.6). */
    public static void sb_end_pagefault(SuperBlock sb) {
        if (sb.pagefaults.decrementAndGet() < 0) {
            throw new org.pagerace.mm.KernelBug("sb_end_pagefault without sb_start_pagefault");
        }
    }

    /** {@code sb_wait_write(sb, SB_FREEZE_PAGEFAULT)} (3.6): wait until no page fault is inside the protection. */
    static void sb_wait_pagefaults(SuperBlock sb) {
        Points.waitUntil(WAIT_PAGEFAULTS, () -> sb.pagefaults.get() == 0, () -> sb.pagefaults.get() == 0);
    }

    /** Whether a fault is inside {@code sb_start_pagefault} now (a leak check after a race). */
    boolean pagefaultsActive() {
        return pagefaults.get() != 0;
    }
}

package org.pagerace.mm;

import static org.pagerace.mm.FaultFlag.*;
import static org.pagerace.mm.SpinLock.*;
import static org.pagerace.mm.VmFaultReason.*;

import java.util.function.BooleanSupplier;
import org.pagerace.sched.Event;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;

/**
 * User space and the MMU: a store (or load) that goes through the pte if it allows the access and otherwise takes
 * a fault and re-executes, as the faulting instruction would. The store itself happens under the pte lock, which
 * makes it atomic against a zap, as a TLB shootdown makes a real store. {@code VM_FAULT_OOM} is followed by a
 * retry (as {@code pagefault_out_of_memory} returns to user space); SIGBUS ends the access; more than
 * {@link #MAX_FAULTS} faults for one access is a livelock, reported rather than waited out. While a store is in
 * progress, the smallest i_size its faults read (and the size when SIGBUS is delivered) is recorded: a SIGBUS is
 * legitimate only if that size put the page beyond EOF.
 */
public final class UserAccess {
    /**
     * Faults one access may take before it counts as a livelock. A retrying fault legitimately spins while a
     * truncate is in progress (the kernel's does too), for as long as the truncating thread is descheduled, so the
     * bound is generous; a handler that never succeeds reaches it within milliseconds.
     */
    public static final int MAX_FAULTS = 100_000;

    /**
     * Faults a store may take after the other actor has finished before it counts as a livelock: nothing else can
     * change what the fault sees any more, so a handler that never lets the store land is caught after about
     * {@value} faults (a few milliseconds) instead of {@link #MAX_FAULTS}.
     */
    public static final int QUIET_FAULTS = 1_000;

    /** Retries between two {@link Thread#yield()}s, so a retrying store lets a descheduled partner run. */
    private static final int YIELD_EVERY = 64;

    /**
     * This thread's record of the smallest i_size read by the faults of its store in progress. One per thread for
     * the thread's life, re-opened by each store: a store then costs no {@code ThreadLocal.set}/{@code remove}
     * (a map entry and a weak reference allocated and expunged per store) and no array.
     */
    private static final ThreadLocal<SizeWatch> SIZE_SEEN = ThreadLocal.withInitial(SizeWatch::new);

    /** The smallest i_size the faults of this thread's store read; only while {@link #open}. */
    private static final class SizeWatch {
        /** Whether a store is in progress on this thread. */
        boolean open;
        /** The smallest i_size read since the store began ({@link Long#MAX_VALUE}: none). */
        long min;

        void saw(long size) {
            if (open && size < min) {
                min = size;
            }
        }
    }

    /** Records that the current thread's fault read i_size {@code size}; a no-op outside a store. */
    static void sawSize(long size) {
        SIZE_SEEN.get().saw(size);
    }

    private UserAccess() {
    }

    /** Stores {@code value} at byte {@code address} of {@code vma} (8-byte aligned). */
    public static StoreResult store(VmAreaStruct vma, long address, long value) {
        return store(vma, address, value, () -> false);
    }

    /**
     * Stores {@code value} at byte {@code address} of {@code vma} (8-byte aligned); {@code othersDone} says whether
     * every other actor has finished, after which {@link #QUIET_FAULTS} faults without landing are a livelock.
     */
    public static StoreResult store(VmAreaStruct vma, long address, long value, BooleanSupplier othersDone) {
        SizeWatch seen = SIZE_SEEN.get();
        if (seen.open) {
            throw new IllegalStateException("a store began inside another store on the same thread");
        }
        seen.min = Long.MAX_VALUE;
        seen.open = true;
        try {
            return store(vma, address, value, seen, othersDone);
        } finally {
            seen.open = false;
        }
    }

    private static StoreResult store(VmAreaStruct vma, long address, long value, SizeWatch sizeSeen,
            BooleanSupplier othersDone) {
        long pgoff = address >>> PageSize.PAGE_SHIFT;
        vma.checkIndex(pgoff);
        Inode inode = vma.vm_file.host;
        int faults = 0;
        int ooms = 0;
        int quietFaults = 0;
        for (;;) {
            Points.at(Point.STORE);
            spin_lock(vma.ptl);
            Pte pte = vma.ptep_get(pgoff);
            if (Pte.pte_write(pte)) {
                Folio folio = pte.folio();
                if (!pte.dirty()) {
                    vma.set_pte_at(pgoff, pte.mkwriteDirty()); /* the MMU sets the dirty bit (not write-notified) */
                }
                boolean stale = folio.mapping == null;
                boolean unnotified = folio.cleanSeq > folio.mkwriteSeq;
                long tick = inode.tick(); /* before the data: an extension racing the store (no pte lock) is dated after it */
                boolean landed = inode.backing().store(address, value);
                spin_unlock(vma.ptl);
                Points.event(Event.DATA_STORED, pgoff);
                return StoreResult.stored(faults, ooms, folio, stale, unnotified, landed, sizeSeen.min, tick);
            }
            spin_unlock(vma.ptl);
            if (faults == MAX_FAULTS || quietFaults == QUIET_FAULTS) {
                return StoreResult.livelock(faults, ooms, sizeSeen.min, inode.tick());
            }
            if (othersDone.getAsBoolean()) {
                quietFaults++;
            }
            if (faults > 0 && faults % YIELD_EVERY == 0) {
                Thread.yield();
            }
            int ret = Memory.handle_mm_fault(vma, pgoff, FAULT_FLAG_WRITE | FAULT_FLAG_USER);
            faults++;
            Points.event(Event.FAULT_RETURNED, ret);
            if ((ret & VM_FAULT_OOM) != 0) {
                ooms++;
            } else if ((ret & (VM_FAULT_SIGBUS | VM_FAULT_SIGSEGV)) != 0) {
                Inode.i_size_read(inode); /* the size at signal delivery counts as seen */
                return StoreResult.sigbus(faults, ooms, sizeSeen.min, inode.tick());
            }
        }
    }

    /**
     * Loads page {@code address} of {@code vma} through the pte, faulting it in read-only if needed. Return: 0, or
     * {@code VM_FAULT_SIGBUS} beyond EOF.
     */
    public static int load(VmAreaStruct vma, long address) {
        long pgoff = address >>> PageSize.PAGE_SHIFT;
        vma.checkIndex(pgoff);
        for (int faults = 0; faults <= QUIET_FAULTS; faults++) {
            if (vma.ptep_get(pgoff) != null) {
                return 0;
            }
            int ret = Memory.handle_mm_fault(vma, pgoff, FAULT_FLAG_USER);
            if ((ret & (VM_FAULT_SIGBUS | VM_FAULT_SIGSEGV)) != 0) {
                return VM_FAULT_SIGBUS;
            }
        }
        throw new IllegalStateException("the read fault of page " + pgoff + " never mapped it (" + QUIET_FAULTS
                + " faults): a livelock");
    }
}

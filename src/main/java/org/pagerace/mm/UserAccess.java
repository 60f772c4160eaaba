package org.pagerace.mm;

import static org.pagerace.mm.FaultFlag.*;
import static org.pagerace.mm.SpinLock.*;
import static org.pagerace.mm.VmFaultReason.*;

/**
 * User space and the MMU: a store (or load) that goes through the pte if it allows the access and otherwise takes
 * a fault and re-executes, as the faulting instruction would. The store itself happens under the pte lock, which
 * makes it atomic against a zap, as a TLB shootdown makes a real store. {@code VM_FAULT_OOM} is followed by a
 * retry (as {@code pagefault_out_of_memory} returns to user space); SIGBUS ends the access; more than
 * {@link #MAX_FAULTS} faults for one access is a livelock, reported rather than waited out.
 */
public final class UserAccess {
    /**
     * Faults one access may take before it counts as a livelock. A retrying fault legitimately spins while a
     * truncate is in progress (the kernel's does too), for as long as the truncating thread is descheduled, so the
     * bound is generous; a handler that never succeeds reaches it within milliseconds.
     */
    public static final int MAX_FAULTS = 100_000;

    /** Retries between two {@link Thread#yield()}s, so a retrying store lets a descheduled partner run. */
    private static final int YIELD_EVERY = 64;

    private UserAccess() {
    }

    /** Stores {@code value} at byte {@code address} of {@code vma} (8-byte aligned). */
    public static StoreResult store(VmAreaStruct vma, long address, long value) {
        long pgoff = address >>> PageSize.PAGE_SHIFT;
        vma.checkIndex(pgoff);
        Inode inode = vma.vm_file.host;
        int faults = 0;
        int ooms = 0;
        long firstFaultTick = 0;
        for (;;) {
            Points.at(Point.STORE);
            spin_lock(vma.ptl);
            Pte pte = vma.ptep_get(pgoff);
            if (Pte.pte_write(pte)) {
                Folio folio = pte.folio();
                boolean stale = folio.mapping == null;
                boolean unnotified = folio.cleanSeq > folio.mkwriteSeq;
                boolean landed = inode.backing().store(address, value);
                long tick = inode.tick();
                spin_unlock(vma.ptl);
                Points.event(Event.DATA_STORED, pgoff);
                return StoreResult.stored(faults, ooms, folio, stale, unnotified, landed, firstFaultTick, tick);
            }
            spin_unlock(vma.ptl);
            if (faults == MAX_FAULTS) {
                return StoreResult.livelock(faults, ooms, firstFaultTick, inode.tick());
            }
            if (firstFaultTick == 0) {
                firstFaultTick = inode.tick();
            } else if (faults % YIELD_EVERY == 0) {
                Thread.yield();
            }
            int ret = Memory.handle_mm_fault(vma, pgoff, FAULT_FLAG_WRITE | FAULT_FLAG_USER);
            faults++;
            Points.event(Event.FAULT_RETURNED, ret);
            if ((ret & VM_FAULT_OOM) != 0) {
                ooms++;
            } else if ((ret & (VM_FAULT_SIGBUS | VM_FAULT_SIGSEGV)) != 0) {
                return StoreResult.sigbus(faults, ooms, firstFaultTick, inode.tick());
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
        for (int faults = 0; faults <= MAX_FAULTS; faults++) {
            if (vma.ptep_get(pgoff) != null) {
                return 0;
            }
            int ret = Memory.handle_mm_fault(vma, pgoff, FAULT_FLAG_USER);
            if ((ret & (VM_FAULT_SIGBUS | VM_FAULT_SIGSEGV)) != 0) {
                return VM_FAULT_SIGBUS;
            }
        }
        throw new IllegalStateException("load of page " + pgoff + " livelocked");
    }
}

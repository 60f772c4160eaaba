package org.pagerace.mm;

import java.util.concurrent.atomic.AtomicBoolean;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;

/**
 * {@code spinlock_t}, as the pte lock uses it; waiters spin (or yield to the scheduler) at {@link Point#WAIT_PTL}.
 * {@code spin_lock} is an atomic compare-and-swap; {@code spin_unlock} is a release store of "unlocked", as
 * {@code queued_spin_unlock}'s {@code smp_store_release} (a plain store on x86), not a second atomic operation. An
 * unlock of an unlocked lock is a {@link KernelBug}, checked as {@code CONFIG_DEBUG_SPINLOCK}'s
 * {@code debug_spin_unlock} checks it: by a read before the store.
 */
public final class SpinLock {
    private final AtomicBoolean held = new AtomicBoolean();

    public static void spin_lock(SpinLock lock) {
        if (!lock.held.compareAndSet(false, true)) {
            Points.waitUntil(Point.WAIT_PTL, () -> !lock.held.get(), () -> lock.held.compareAndSet(false, true));
        }
    }

    public static void spin_unlock(SpinLock lock) {
        if (!lock.held.get()) {
            throw new KernelBug("spin_unlock of an unlocked spinlock");
        }
        lock.held.setRelease(false);
    }

    public static boolean spin_is_locked(SpinLock lock) {
        return lock.held.get();
    }
}

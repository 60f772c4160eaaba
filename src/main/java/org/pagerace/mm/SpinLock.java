package org.pagerace.mm;

import java.util.concurrent.atomic.AtomicBoolean;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;

/** {@code spinlock_t}, as the pte lock uses it; waiters spin (or yield to the scheduler) at {@link Point#WAIT_PTL}. */
public final class SpinLock {
    private final AtomicBoolean held = new AtomicBoolean();

    public static void spin_lock(SpinLock lock) {
        if (!lock.held.compareAndSet(false, true)) {
            Points.waitUntil(Point.WAIT_PTL, () -> !lock.held.get(), () -> lock.held.compareAndSet(false, true));
        }
    }

    public static void spin_unlock(SpinLock lock) {
        if (!lock.held.compareAndSet(true, false)) {
            throw new KernelBug("spin_unlock of an unlocked spinlock");
        }
    }

    public static boolean spin_is_locked(SpinLock lock) {
        return lock.held.get();
    }
}

package org.pagerace.mm;

import java.util.concurrent.atomic.AtomicInteger;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;

/**
 * {@code struct rw_semaphore} ({@code kernel/locking/rwsem.c}): readers share, a writer excludes. Deviation: no
 * writer preference or handoff; waiters spin (or yield to the scheduler) at {@link Point#WAIT_RWSEM}.
 */
public final class RwSemaphore {
    private static final int WRITER = -1;

    /** Number of readers, or {@link #WRITER}. */
    private final AtomicInteger count = new AtomicInteger();

    public static void down_read(RwSemaphore sem) {
        if (!down_read_trylock(sem)) {
            Points.waitUntil(Point.WAIT_RWSEM, () -> sem.count.get() >= 0, () -> down_read_trylock(sem));
        }
    }

    public static boolean down_read_trylock(RwSemaphore sem) {
        int c = sem.count.get();
        return c >= 0 && sem.count.compareAndSet(c, c + 1);
    }

    public static void up_read(RwSemaphore sem) {
        if (sem.count.getAndDecrement() <= 0) {
            throw new KernelBug("up_read without down_read");
        }
    }

    public static void down_write(RwSemaphore sem) {
        if (!sem.count.compareAndSet(0, WRITER)) {
            Points.waitUntil(Point.WAIT_RWSEM, () -> sem.count.get() == 0,
                    () -> sem.count.compareAndSet(0, WRITER));
        }
    }

    public static void up_write(RwSemaphore sem) {
        if (!sem.count.compareAndSet(WRITER, 0)) {
            throw new KernelBug("up_write without down_write");
        }
    }

    /** Whether anybody holds the semaphore (for leak checks after a race). */
    public static boolean rwsem_is_locked(RwSemaphore sem) {
        return sem.count.get() != 0;
    }
}

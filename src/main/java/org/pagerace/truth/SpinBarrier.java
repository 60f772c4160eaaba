package org.pagerace.truth;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reusable barrier for two threads that spins instead of parking, so that both leave it within a few hundred
 * nanoseconds of each other and the random delays that follow decide the interleaving, not the scheduler's wake-up
 * latency. Either side may {@link #abort} it (its work failed), which makes every wait throw instead of spinning
 * forever. Spinning yields the CPU now and then, so that it also works, slowly, on a single CPU.
 */
final class SpinBarrier {
    private static final int SPINS_BEFORE_YIELD = 1 << 14;

    private final AtomicInteger arrived = new AtomicInteger();
    private volatile int generation;
    private volatile Throwable abortedBy;

    /** Waits until the other thread arrives too. Throws {@link IllegalStateException} if the barrier was aborted. */
    void await() {
        int gen = generation;
        if (arrived.incrementAndGet() == 2) {
            arrived.set(0);
            generation = gen + 1;
            return;
        }
        int spins = 0;
        while (generation == gen) {
            if (abortedBy != null) {
                throw new IllegalStateException("the other side failed", abortedBy);
            }
            if (++spins % SPINS_BEFORE_YIELD == 0) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
    }

    /** Makes every present and future {@link #await} throw, citing {@code cause}. */
    void abort(Throwable cause) {
        abortedBy = cause;
    }
}

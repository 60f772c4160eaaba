package org.pagerace.sched;

import java.util.function.BooleanSupplier;

/**
 * Busy-waiting inside a race sample (an injected delay, a partner's pause) that ends early once the calling thread is
 * the only actor of its sample still running. A wait there only decides how this thread's remaining steps interleave
 * with the other actors' steps; once they have all returned there is nothing left to interleave with, and every
 * further nanosecond gives the same interleaving and costs a nanosecond of sampling. The outcome of a sample is
 * therefore the same as with the full wait (nothing a model does depends on the clock), and a delay of 30 µs no
 * longer costs 30 µs when the partner's whole operation takes 2.
 *
 * <p>Who runs an actor says when the others are done ({@link #aloneWhen}): {@code check.Sample} for its actors'
 * bodies, and for its set-up (no other actor runs yet: a wait there interleaves with nothing); the stress suite for
 * an actor's start skew. A thread that has said nothing waits the full time.
 */
public final class Spin {
    private static final ThreadLocal<BooleanSupplier> OTHERS_DONE = new ThreadLocal<>();

    private Spin() {
    }

    /**
     * From now on, the calling thread's waits end early once {@code othersDone} holds (it is read in the wait loop:
     * a volatile read, no side effects); {@code null}: they run their full length again.
     */
    public static void aloneWhen(BooleanSupplier othersDone) {
        OTHERS_DONE.set(othersDone); // null kept as a value: no map entry made and dropped twice a sample
    }

    /** Spins for {@code nanos}, or until the other actors of the calling thread's sample have all returned. */
    public static void nanos(long nanos) {
        if (nanos <= 0) {
            return;
        }
        BooleanSupplier othersDone = OTHERS_DONE.get();
        long until = System.nanoTime() + nanos;
        if (othersDone == null) {
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            return;
        }
        while (!othersDone.getAsBoolean() && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }
}

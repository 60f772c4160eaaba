package org.pagerace.sched;

import java.util.function.BooleanSupplier;

/**
 * The switchboard of the named interleaving points. With {@code -Dpagerace.points=off} the JVM compiles every
 * point away ({@link #ENABLED} is a constant the JIT folds, so a point is then free: see
 * {@code org.pagerace.bench.PointsCostBenchmark}); otherwise a point costs one static load while no hook is
 * installed, and calls the installed {@link PointHook} when one is.
 */
public final class Points {
    /** False only with {@code -Dpagerace.points=off}. */
    public static final boolean ENABLED = !"off".equals(System.getProperty("pagerace.points"));

    private static final int SPINS_BEFORE_YIELD = 64;

    private static volatile PointHook hook;

    private Points() {
    }

    /** Installs {@code h} (or removes the hook with {@code null}); returns the previous one. */
    public static PointHook install(PointHook h) {
        if (h != null && !ENABLED) {
            throw new IllegalStateException("points are compiled out (-Dpagerace.points=off)");
        }
        PointHook old = hook;
        hook = h;
        return old;
    }

    /** The installed hook, or {@code null}. */
    public static PointHook installed() {
        return hook;
    }

    /** The calling thread passes {@code p}. */
    public static void at(Point p) {
        if (ENABLED) {
            PointHook h = hook;
            if (h != null) {
                h.at(p);
            }
        }
    }

    /** Records a kernel-level state change for traces. */
    public static void event(Event e, long index) {
        if (ENABLED) {
            PointHook h = hook;
            if (h != null) {
                h.event(e, index);
            }
        }
    }

    /** Whether to inject a failure at {@code p} (never, without a hook). */
    public static boolean inject(Point p) {
        if (ENABLED) {
            PointHook h = hook;
            return h != null && h.inject(p);
        }
        return false;
    }

    /**
     * Waits at wait point {@code p} until {@code tryAcquire} succeeds. {@code ready} tells, without side effects,
     * whether trying may succeed; the scheduler uses it to know which threads can run. Without a hook this spins,
     * yielding now and then.
     */
    public static void waitUntil(Point p, BooleanSupplier ready, BooleanSupplier tryAcquire) {
        int spins = 0;
        while (!tryAcquire.getAsBoolean()) {
            PointHook h = ENABLED ? hook : null;
            if (h != null) {
                h.blocked(p, ready);
                if (++spins % SPINS_BEFORE_YIELD == 0) {
                    Thread.yield(); /* a spinning hook must not starve the thread it waits for */
                }
            } else if (++spins % SPINS_BEFORE_YIELD == 0) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
    }
}

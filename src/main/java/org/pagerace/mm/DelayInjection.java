package org.pagerace.mm;

import java.util.SplittableRandom;

/**
 * Delay injection, as KCSAN does for the kernel: at each named point, with probability {@link #probability()},
 * spin for a random time up to {@link #maxDelayNanos()}, which widens rare windows until they are common. Each
 * thread draws from its own generator, split from one seed, so a run's settings are recorded and repeatable (the
 * schedule of two free-running threads is not, of course).
 */
public final class DelayInjection implements PointHook {
    private final double probability;
    private final long maxDelayNanos;
    private final long seed;
    private final ThreadLocal<SplittableRandom> random;

    public DelayInjection(double probability, long maxDelayNanos, long seed) {
        if (probability < 0 || probability > 1 || maxDelayNanos < 0) {
            throw new IllegalArgumentException("delay probability must be in [0,1], max delay >= 0");
        }
        this.probability = probability;
        this.maxDelayNanos = maxDelayNanos;
        this.seed = seed;
        SplittableRandom root = new SplittableRandom(seed);
        this.random = ThreadLocal.withInitial(() -> {
            synchronized (root) {
                return root.split();
            }
        });
    }

    /** The settings stress runs use unless told otherwise: 10 % of points, up to 2 µs. */
    public static DelayInjection defaults(long seed) {
        return new DelayInjection(0.10, 2_000, seed);
    }

    public double probability() {
        return probability;
    }

    public long maxDelayNanos() {
        return maxDelayNanos;
    }

    public long seed() {
        return seed;
    }

    @Override
    public void at(Point point) {
        SplittableRandom r = random.get();
        if (r.nextDouble() < probability) {
            long until = System.nanoTime() + r.nextLong(maxDelayNanos + 1);
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        }
    }

    @Override
    public String toString() {
        return "delay p=" + probability + " max=" + maxDelayNanos + "ns seed=" + seed;
    }
}

package org.pagerace.sched;

import java.util.SplittableRandom;

/**
 * Delay injection, as KCSAN does for the kernel: at each named point, with probability {@link #probability()},
 * spin for a random time, which widens rare windows until they are common. Each thread draws from its own
 * generator, split from one seed, so a run's settings are recorded and repeatable (the schedule of two free-running
 * threads is not, of course).
 *
 * <p>A delay is log-uniform between {@link #MIN_DELAY_NANOS} and {@link #maxDelayNanos()}: as many delays between
 * 50 and 500 ns as between 3 and 30 µs. The windows it has to widen span the partner's whole operation, which takes
 * from about 100 ns (a page-cache removal on the model backing) to over 10 µs (truncate down then up on a real
 * file: two {@code ftruncate}s): short delays alone almost never cover the long ones, and long delays alone slow
 * every sample. Measured with {@code RaceRunner}, one second per test over the whole matrix on 2 CPUs: uniform
 * delays up to 2 µs gave 3 SPURIOUS_SIGBUS per second for sigbus × truncate-down-up and none at all for three known
 * bugs; log-uniform up to 30 µs gave at least 180 per second for every known bug, at about the same samples per
 * second (model median 65k/s, file 23k/s), and no outcome the expectations do not name.
 *
 * <p>A delay ends early once the delayed thread is the only actor of its sample still running ({@link Spin}): the
 * long delays that cover a partner's long operations then cost only what the partner still had to do. Measured over
 * the default stress run (2026-12-01, 2 CPUs, 570 model-backed tests): 110,300 samples per second (median) against
 * 56,530 with full-length delays, and the known bugs' rates unchanged (median ratio 0.99, all within 0.70–1.27).
 */
public final class DelayInjection implements PointHook {
    /** The shortest delay drawn. */
    public static final long MIN_DELAY_NANOS = 50;

    private final double probability;
    private final long maxDelayNanos;
    private final long seed;
    private final ThreadLocal<SplittableRandom> random;

    public DelayInjection(double probability, long maxDelayNanos, long seed) {
        if (probability < 0 || probability > 1 || maxDelayNanos < MIN_DELAY_NANOS) {
            throw new IllegalArgumentException("delay probability must be in [0,1], max delay >= "
                    + MIN_DELAY_NANOS + " ns");
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

    /** The settings stress runs use unless told otherwise: 10 % of points, log-uniform up to 30 µs. */
    public static DelayInjection defaults(long seed) {
        return new DelayInjection(0.10, 30_000, seed);
    }

    /**
     * The skew before an actor of a stress sample starts, after both actors have lined up: half the time, a delay
     * drawn as at a point. Without it the partner starts with the store, and a window that needs the store to pass
     * its first checks before the partner acts (zero-unlocked × truncate-down-up: the i_size check in page_mkwrite,
     * then the whole truncate down and up before the page lock) opens only when the partner's own first points
     * happen to be delayed.
     */
    public static DelayInjection startSkew(long seed) {
        return new DelayInjection(0.5, 30_000, ~seed);
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
        delay();
    }

    /**
     * Spins for one delay drawn as at a point (often none); a delay ends early once the calling thread is the only
     * actor of its sample still running ({@link Spin}).
     */
    public void delay() {
        Spin.nanos(draw(random.get()));
    }

    /** The delay at one point, in ns, drawn from {@code r}: 0 (no delay) or log-uniform in [min, max]. */
    long draw(SplittableRandom r) {
        if (r.nextDouble() >= probability) {
            return 0;
        }
        return Math.round(MIN_DELAY_NANOS * Math.pow((double) maxDelayNanos / MIN_DELAY_NANOS, r.nextDouble()));
    }

    @Override
    public String toString() {
        return "delay p=" + probability + " log-uniform " + MIN_DELAY_NANOS + "-" + maxDelayNanos + "ns seed=" + seed;
    }
}

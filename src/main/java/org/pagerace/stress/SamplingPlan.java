package org.pagerace.stress;

import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.pagerace.check.Backings;
import org.pagerace.results.PlanFile;
import org.pagerace.results.StressFile;

/**
 * How many samples one test takes, decided from the rates a earlier run measured: at least {@link #FLOOR}, and for
 * a test whose model declares known bugs, enough that each of them is missed with a chance below
 * {@link #MISS_CHANCE} if it still occurs at its planning rate: {@code (1 - p)^n <= e^(-n p) < 10^-6}, so
 * {@code n >= ln(10^6) / p}, about 13.8 / p.
 *
 * <p>The planning rate of a known bug is the measured rate's lower {@link #CONFIDENCE} bound (exact, from its count),
 * divided by {@link #RATE_SPREAD}, the factor by which a race's rate moves between two runs of the same code (up to
 * ×3.6 measured for one outcome, see {@code results/README.md}). A known bug the measuring run did not see, or a test
 * it did not run, is planned at {@link #ASSUMED_RATE}. The floor alone covers every rate of
 * {@code 13.8 / 20,000 = 6.9·10^-4} or more; a bug at 2.5·10^-4 is then seen with probability 0.993.
 */
public final class SamplingPlan {
    /** Every test samples at least this often. */
    public static final long FLOOR = 20_000;
    /** The chance of missing a known bug at its planning rate that the sample count keeps below. */
    public static final double MISS_CHANCE = 1e-6;
    /** A measured rate is divided by this before planning: the spread of rates between runs. */
    public static final double RATE_SPREAD = 3;
    /** The one-sided confidence of the lower bound taken on a measured rate. */
    public static final double CONFIDENCE = 0.999;
    /** The planning rate of a known bug with no usable measurement (below the rarest seen, 1.6·10^-3). */
    public static final double ASSUMED_RATE = 5e-4;
    /**
     * Samples per second a test is planned at when no run measured it: the medians of the batched forks of the
     * 484-test default run in {@code results/baseline} (35,060 on the model backing, 7,583 on the file backing; the
     * 40,000 and 17,000 planned before came from one test per fork, and the file backing's 104 unmeasured tests were
     * why that run's first pass fell short).
     */
    public static final double MODEL_SAMPLES_PER_SECOND = 35_000;
    public static final double FILE_SAMPLES_PER_SECOND = 7_500;
    /**
     * The most sampling time one test is planned for. A bug seen once in a run plans at the lower bound of one
     * count (about 10^-3 of the point estimate), which would ask for 10^9 samples and hours; such a test takes this
     * much time instead, and its basis names the miss chance that leaves at the planning rate.
     */
    public static final double MAX_TEST_SECONDS = 10;

    private SamplingPlan() {
    }

    /**
     * The sampling decided for one test.
     *
     * @param samples          the samples it takes (at least {@link #FLOOR})
     * @param planRate         the rate of its rarest known bug it is planned for; NaN when it declares none
     * @param samplesPerSecond the rate it is expected to sample at (measured, or the backing's default)
     * @param basis            why, in words
     */
    public record Decision(long samples, double planRate, double samplesPerSecond, String basis) {
        /** Seconds of sampling the decision costs at its expected speed. */
        public double seconds() {
            return samples / samplesPerSecond;
        }

        /** This decision with {@code factor} times the samples (a time budget's spare time); never below it. */
        public Decision scaled(double factor) {
            long more = (long) Math.ceil(samples * Math.max(1, factor));
            return new Decision(more, planRate, samplesPerSecond, basis);
        }

        /** {@code test} sampled as this decision says. */
        public PlanFile.Test applyTo(PlanFile.Test test) {
            return test.sampled(samples, samplesPerSecond, basis);
        }
    }

    /**
     * The sampling of a test of {@code backing} that is graded with {@code expectedBugs}, given what an earlier run
     * measured of the same test ({@code measured}, null if it did not run it).
     */
    public static Decision decide(List<String> expectedBugs, String backing, StressFile.Test measured) {
        double speed = measured != null && measured.samplesPerSecond() != null && measured.samplesPerSecond() > 0
                ? measured.samplesPerSecond() : defaultSpeed(backing);
        if (expectedBugs.isEmpty()) {
            return new Decision(FLOOR, Double.NaN, speed, "floor (no known bug)");
        }
        double rate = Double.POSITIVE_INFINITY;
        String basis = "";
        for (String bug : expectedBugs) {
            long count = measured == null ? 0 : measured.count(bug);
            double r = count > 0 ? planRate(count, measured.samples()) : ASSUMED_RATE;
            if (r < rate) {
                rate = r;
                basis = count > 0
                        ? String.format(Locale.ROOT, "%s %d of %d measured, planned at %.3g", bug, count,
                                measured.samples(), r)
                        : String.format(Locale.ROOT, "%s not measured, assumed %.3g", bug, r);
            }
        }
        long n = Math.max(FLOOR, samplesFor(rate));
        long cap = Math.max(FLOOR, (long) Math.ceil(MAX_TEST_SECONDS * speed));
        if (n > cap) {
            return new Decision(cap, rate, speed, basis + String.format(Locale.ROOT,
                    " (capped at %.0f s of sampling: miss chance %.2g at that rate)", MAX_TEST_SECONDS,
                    missChance(cap, rate)));
        }
        return new Decision(n, rate, speed, basis + (n == FLOOR ? " (floor)" : ""));
    }

    /** {@code test} with {@code factor} times its samples (never fewer), at the same speed and basis. */
    public static PlanFile.Test scaled(PlanFile.Test test, double factor) {
        return new Decision(test.samplesTarget(), Double.NaN, test.samplesPerSecond(), test.sampling()).scaled(factor)
                .applyTo(test);
    }

    /** The samples that miss a bug of rate {@code rate} with a chance below {@link #MISS_CHANCE}. */
    public static long samplesFor(double rate) {
        if (!(rate > 0 && rate <= 1)) {
            throw new IllegalArgumentException("a bug rate must be in (0, 1], found " + rate);
        }
        return (long) Math.floor(Math.log(1 / MISS_CHANCE) / -Math.log1p(-rate)) + 1;
    }

    /** The chance that {@code samples} samples miss a bug of rate {@code rate}: {@code (1 - rate)^samples}. */
    public static double missChance(long samples, double rate) {
        return Math.exp(samples * Math.log1p(-rate));
    }

    /** The planning rate of a bug seen {@code count} times in {@code samples}: lower bound / spread. */
    public static double planRate(long count, long samples) {
        if (count <= 0 || samples <= 0 || count > samples) {
            throw new IllegalArgumentException("need 0 < count <= samples, found " + count + " of " + samples);
        }
        double lower = new ChiSquaredDistribution(2.0 * count).inverseCumulativeProbability(1 - CONFIDENCE) / 2;
        return Math.min(1, lower / samples) / RATE_SPREAD;
    }

    /** Samples per second a test of {@code backing} is planned at without a measurement. */
    public static double defaultSpeed(String backing) {
        return Backings.FILE.equals(backing) ? FILE_SAMPLES_PER_SECOND : MODEL_SAMPLES_PER_SECOND;
    }
}

package org.pagerace.report;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.stat.interval.ClopperPearsonInterval;
import org.apache.commons.math3.stat.interval.ConfidenceInterval;

/**
 * The report's statistics.
 *
 * <p><b>Comparing one outcome's rate between two runs.</b> An outcome seen k_a times in n_a samples of one run and
 * k_b times in n_b of the other: given K = k_a + k_b, if both runs had the same rate, k_b would be binomial with
 * K trials and probability n_b / (n_a + n_b) (the conditional test of two Poisson rates, exact and valid for any
 * count, zero included). Two runs of the same code do not have the same rate, though: JCStress's timing, the JIT
 * and the scheduler move a race's rates between runs far beyond that binomial noise (two identical quick runs on
 * the reference machine: 2,060 and 6,477 OK_RETRIED in about 300,000 samples each). So the null hypothesis lets the
 * ratio of the two rates vary between runs as a log-normal with spread τ (the standard deviation of the log of the
 * ratio), and the p-value is that of the binomial averaged over it: {@link #rateChangeP}. τ is estimated from the
 * comparison itself ({@link #betweenRunSpread}).
 */
public final class Significance {
    /** Outcome pairs enter the estimate of τ only with at least this many occurrences in each run. */
    public static final int MIN_COUNT_FOR_SPREAD = 10;
    /** τ is estimated only from at least this many pairs. */
    public static final int MIN_PAIRS_FOR_SPREAD = 5;

    private static final double Z_MAX = 8;
    private static final double Z_STEP = 0.1;
    private static final double[] Z;
    private static final double[] WEIGHT;

    static {
        int n = (int) Math.round(2 * Z_MAX / Z_STEP) + 1;
        Z = new double[n];
        WEIGHT = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            Z[i] = -Z_MAX + i * Z_STEP;
            WEIGHT[i] = Math.exp(-Z[i] * Z[i] / 2);
            sum += WEIGHT[i];
        }
        for (int i = 0; i < n; i++) {
            WEIGHT[i] /= sum;
        }
    }

    private Significance() {
    }

    /**
     * Two-sided p-value of {@code kb} of {@code nb} against {@code ka} of {@code na} when the two runs' rates may
     * differ by a log-normal factor of spread {@code tau} (0: the plain exact conditional test). The distribution
     * of k_b given K = k_a + k_b is the binomial(K, n_b·r / (n_a + n_b·r)) averaged over r = exp(tau·z), z standard
     * normal (a 161-point quadrature over |z| ≤ 8); p = 2 × the smaller tail at k_b, at most 1.
     */
    public static double rateChangeP(long ka, long na, long kb, long nb, double tau) {
        long k = ka + kb;
        if (k == 0 || na == 0 || nb == 0) {
            return 1;
        }
        if (k > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("counts too large: " + k);
        }
        double lower = 0;
        double upper = 0;
        for (int i = 0; i < Z.length; i++) {
            if (tau == 0 && i != Z.length / 2) {
                continue;
            }
            double w = tau == 0 ? 1 : WEIGHT[i];
            double r = Math.exp(tau * Z[i]);
            double q = nb * r / (na + nb * r);
            BinomialDistribution b = new BinomialDistribution(null, (int) k, q);
            lower += w * b.cumulativeProbability((int) kb);
            upper += w * (kb == 0 ? 1 : 1 - b.cumulativeProbability((int) kb - 1));
        }
        return Math.min(1, 2 * Math.min(lower, upper));
    }

    /**
     * τ, the spread (standard deviation) of the log of the ratio of an outcome's rates between two runs of the same
     * code, from {@code pairs} of {k_a, n_a, k_b, n_b}: those with at least {@value #MIN_COUNT_FOR_SPREAD}
     * occurrences in each run give d = ln((k_b/n_b)/(k_a/n_a)) with binomial variance v ≈ 1/k_a + 1/k_b, and τ² is
     * the value at which the median of d²/(v + τ²) equals the median of χ²(1) (a median, not a sum as in the
     * Paule-Mandel estimator, so that a minority of changed outcomes does not inflate it); 0 if the pairs need no
     * extra spread, NaN with fewer than {@value #MIN_PAIRS_FOR_SPREAD} pairs.
     */
    public static double betweenRunSpread(List<long[]> pairs) {
        double[] d2 = new double[pairs.size()];
        double[] v = new double[pairs.size()];
        int n = 0;
        for (long[] p : pairs) {
            if (p[0] >= MIN_COUNT_FOR_SPREAD && p[2] >= MIN_COUNT_FOR_SPREAD) {
                double d = Math.log(((double) p[2] / p[3]) / ((double) p[0] / p[1]));
                d2[n] = d * d;
                v[n] = 1.0 / p[0] + 1.0 / p[2];
                n++;
            }
        }
        if (n < MIN_PAIRS_FOR_SPREAD) {
            return Double.NaN;
        }
        double target = new ChiSquaredDistribution(null, 1).inverseCumulativeProbability(0.5);
        double[] ds = Arrays.copyOf(d2, n);
        double[] vs = Arrays.copyOf(v, n);
        if (medianRatio(ds, vs, 0) <= target) {
            return 0;
        }
        double lo = 0;
        double hi = 1;
        while (medianRatio(ds, vs, hi) > target) {
            hi *= 2;
        }
        for (int i = 0; i < 100; i++) {
            double mid = (lo + hi) / 2;
            if (medianRatio(ds, vs, mid) > target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return Math.sqrt((lo + hi) / 2);
    }

    private static double medianRatio(double[] d2, double[] v, double tau2) {
        double[] r = new double[d2.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = d2[i] / (v[i] + tau2);
        }
        Arrays.sort(r);
        int n = r.length;
        return n % 2 == 1 ? r[n / 2] : (r[n / 2 - 1] + r[n / 2]) / 2;
    }

    /**
     * Holm's step-down procedure: which of {@code p} are rejected at family-wise error rate {@code alpha}. Sorted
     * ascending, the i-th smallest (from 0) is rejected while p ≤ alpha / (m - i).
     */
    public static boolean[] holm(double[] p, double alpha) {
        Integer[] order = order(p);
        boolean[] rejected = new boolean[p.length];
        for (int rank = 0; rank < p.length; rank++) {
            if (p[order[rank]] > alpha / (p.length - rank)) {
                break;
            }
            rejected[order[rank]] = true;
        }
        return rejected;
    }

    /** Holm-adjusted p-values (monotone, capped at 1), in the order of {@code p}. */
    public static double[] holmAdjusted(double[] p) {
        Integer[] order = order(p);
        double[] adjusted = new double[p.length];
        double running = 0;
        for (int rank = 0; rank < p.length; rank++) {
            running = Math.max(running, Math.min(1, (p.length - rank) * p[order[rank]]));
            adjusted[order[rank]] = running;
        }
        return adjusted;
    }

    private static Integer[] order(double[] p) {
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < p.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
        return order;
    }

    /** The exact (Clopper-Pearson) 95 % interval of a rate, {@code k} of {@code n}: {lower, upper}. */
    public static double[] rateInterval(long k, long n) {
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        if (k == 0) {
            return new double[] {0, 1 - Math.pow(0.025, 1.0 / n)};
        }
        if (k == n) {
            return new double[] {Math.pow(0.025, 1.0 / n), 1};
        }
        ConfidenceInterval ci = new ClopperPearsonInterval().createInterval((int) Math.min(n, Integer.MAX_VALUE),
                (int) Math.min(k, Integer.MAX_VALUE), 0.95);
        return new double[] {ci.getLowerBound(), ci.getUpperBound()};
    }
}

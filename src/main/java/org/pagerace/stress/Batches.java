package org.pagerace.stress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.pagerace.results.PlanFile;
import org.pagerace.results.PlanFile.Batch;
import org.pagerace.results.PlanFile.Share;

/**
 * Several tests per JCStress fork: the planned tests cut into batches of equal sampling time, each batch one slot of
 * the suite ({@link SuiteNames}), so that one fork (JVM start and JNA load, about 3.3 s, then its warm-up) serves
 * many tests instead of one. Tests are laid end to end in the plan's order, the model backing's first, then the file
 * backing's (a batch holds one backing, so that its samples per second are that backing's); the line is cut every
 * {@code seconds} of expected sampling, and a test that straddles a cut is split between the two batches (its
 * results are summed). Within a fork the slot's state draws each sample's test in proportion to its share
 * ({@link #schedule}), so a fork that samples slower or faster than planned shortchanges or favours all its tests
 * alike.
 */
public final class Batches {
    /**
     * The expected sampling seconds a batch may take. A fork costs about 3.3 s of wall time before it samples
     * ({@link TimeBudget#FORK_SECONDS}), once per JVM configuration, and then warms up: it samples slowly at first,
     * the longer the more tests it holds ({@link #WARM_UP_SECONDS_PER_TEST}), so that the warm-up of a plan costs
     * about the same however its tests are grouped, and every batch more costs a fork's start more. At 12 s a batch,
     * the 2026-11-30 baseline's run spent about 400 of its 1,435 s starting 122 forks. The limit also keeps a plan in
     * the batches its speeds were measured in: a test's speed is its fork's average, warm-up included, so a plan cut
     * into other batches than the run it comes from samples at other speeds (2026-12-01: speeds measured in forks of
     * 140 tests and 36 s, 110,300 samples/s; planned forks of 290 tests and 36 s sampled at 83,590, forks of 140
     * tests and 18 s at about 75,000; 397 and 570 tests came out short). At 300 s, the default plan is one batch per
     * backing at any speed above 45,000 samples/s, so its layout, and with it its speeds, hold from run to run.
     */
    public static final double TARGET_SECONDS = 300;
    /**
     * About how long a fork samples slowly per test it holds, while its code is compiled (JCStress trims the
     * compiler threads): from the default plan's forks on 2 CPUs (2026-12-01), 4.0 M samples in 36.5 s and 1.33 M
     * in 17.8 s with 140 tests, about 8.5 s of warm-up, and about 15 s with 290 tests. A top-up pass, whose tests'
     * speeds are averages over longer forks, asks for this much more time, or its forks end before they sample
     * (two 3-s top-ups of 397 small shortfalls made no progress).
     */
    public static final double WARM_UP_SECONDS_PER_TEST = 0.05;
    /**
     * The least expected sampling of a batch: its tests take more samples than planned rather than a fork that is
     * mostly warm-up. Cut per backing, a small plan's model-backed batch was 5.6 s (a fork of 3.5 s per JVM
     * configuration, for 26 tests): {@code scripts/longrun}'s 2-minute rounds went from 2.06 M samples to 0.24 M.
     */
    public static final double MIN_SECONDS = 20;
    /** No test is split into a piece smaller than this many samples. */
    static final long MIN_PIECE = 1_000;

    private Batches() {
    }

    /**
     * Cuts {@code tests} (those with {@code samples_target} > 0) into batches of at most {@code target} expected
     * seconds each, per backing; the batches of a backing share its time equally.
     */
    public static List<Batch> cut(List<PlanFile.Test> tests, double target) {
        return cut(tests, target, 0);
    }

    /** {@link #cut(List, double)} into slots numbered from {@code firstSlot} (a later pass of the same run). */
    public static List<Batch> cut(List<PlanFile.Test> tests, double target, int firstSlot) {
        if (!(target > 0)) {
            throw new IllegalArgumentException("a batch needs a positive time, found " + target);
        }
        Map<String, List<PlanFile.Test>> byBacking = new LinkedHashMap<>();
        for (PlanFile.Test t : tests) {
            if (t.samplesTarget() > 0) {
                byBacking.computeIfAbsent(t.backing(), b -> new ArrayList<>()).add(t);
            }
        }
        List<Batch> batches = new ArrayList<>();
        for (Map.Entry<String, List<PlanFile.Test>> group : byBacking.entrySet()) {
            double total = group.getValue().stream().mapToDouble(PlanFile.Test::expectedSeconds).sum();
            int count = count(group.getValue(), target);
            double each = total / count;
            int made = 0;
            List<Share> shares = new ArrayList<>();
            double filled = 0;
            for (PlanFile.Test t : group.getValue()) {
                long left = t.samplesTarget();
                double perSample = t.expectedSeconds() / t.samplesTarget();
                while (left > 0) {
                    boolean last = made == count - 1;
                    long fits = last ? left : Math.round((each - filled) / perSample);
                    if (fits < MIN_PIECE && !shares.isEmpty() && !last) {
                        batches.add(new Batch(firstSlot + batches.size(), group.getKey(), filled, List.copyOf(shares)));
                        made++;
                        shares.clear();
                        filled = 0;
                        continue;
                    }
                    fits = Math.max(Math.min(fits, left), Math.min(left, MIN_PIECE));
                    if (left - fits < MIN_PIECE) {
                        fits = left;
                    }
                    shares.add(new Share(t.id(), fits));
                    filled += fits * perSample;
                    left -= fits;
                    if (!last && filled >= each - 1e-9) {
                        batches.add(new Batch(firstSlot + batches.size(), group.getKey(), filled, List.copyOf(shares)));
                        made++;
                        shares.clear();
                        filled = 0;
                    }
                }
            }
            if (!shares.isEmpty()) {
                batches.add(new Batch(firstSlot + batches.size(), group.getKey(), filled, List.copyOf(shares)));
            }
        }
        if (firstSlot + batches.size() > SuiteNames.SLOTS) {
            throw new IllegalArgumentException("the plan needs " + (firstSlot + batches.size()) + " batches; the suite has "
                    + SuiteNames.SLOTS + " slots");
        }
        return batches;
    }

    /**
     * {@code tests} with their samples raised, per backing, so that each batch they are cut into at {@code target}
     * seconds samples at least {@link #MIN_SECONDS}.
     */
    public static List<PlanFile.Test> atLeastMinimum(List<PlanFile.Test> tests, double target) {
        return raisedPerBacking(tests, group -> {
            double seconds = group.stream().mapToDouble(PlanFile.Test::expectedSeconds).sum();
            double least = count(group, target) * MIN_SECONDS;
            return seconds < least ? least / seconds : 1;
        });
    }

    /**
     * {@code tests} with the samples of each backing's tests (those with samples) raised by the factor
     * {@code factor} gives for them (never lowered).
     */
    static List<PlanFile.Test> raisedPerBacking(List<PlanFile.Test> tests,
            ToDoubleFunction<List<PlanFile.Test>> factor) {
        Map<String, List<PlanFile.Test>> byBacking = new LinkedHashMap<>();
        tests.stream().filter(t -> t.samplesTarget() > 0)
                .forEach(t -> byBacking.computeIfAbsent(t.backing(), b -> new ArrayList<>()).add(t));
        Map<Integer, Double> scale = new HashMap<>();
        byBacking.values().forEach(group -> {
            double f = factor.applyAsDouble(group);
            group.forEach(t -> scale.put(t.id(), f));
        });
        List<PlanFile.Test> out = new ArrayList<>();
        for (PlanFile.Test t : tests) {
            double f = scale.getOrDefault(t.id(), 1.0);
            out.add(f > 1 ? SamplingPlan.scaled(t, f) : t);
        }
        return out;
    }

    /** How many batches {@code tests} of one backing are cut into at {@code target} seconds each (at least one). */
    public static int count(List<PlanFile.Test> tests, double target) {
        double total = tests.stream().filter(t -> t.samplesTarget() > 0).mapToDouble(PlanFile.Test::expectedSeconds)
                .sum();
        return Math.max(1, (int) Math.ceil(total / target - 1e-9));
    }

    /**
     * The order in which a fork of {@code batch} draws its samples' tests: {@code length} entries, each test as
     * often as its share of the batch's samples (at least once), spread evenly (smooth weighted round robin).
     */
    public static int[] schedule(Batch batch, int length) {
        List<Share> shares = batch.shares();
        long total = shares.stream().mapToLong(Share::samples).sum();
        int n = shares.size();
        double[] weight = new double[n];
        double[] current = new double[n];
        for (int i = 0; i < n; i++) {
            weight[i] = (double) shares.get(i).samples() / total;
        }
        int size = Math.max(length, n);
        int[] order = new int[size];
        for (int k = 0; k < size; k++) {
            int best = 0;
            for (int i = 0; i < n; i++) {
                current[i] += weight[i];
                if (current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= 1;
            order[k] = shares.get(best).test();
        }
        return order;
    }
}

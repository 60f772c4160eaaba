package org.pagerace.stress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pagerace.results.PlanFile;
import org.pagerace.results.PlanFile.Batch;
import org.pagerace.results.PlanFile.Share;

/**
 * Several tests per JCStress fork: the planned tests cut into batches of equal sampling time, each batch one slot of
 * the suite ({@link SuiteNames}), so that one fork (JVM start, JNA load, warm-up: about a second) serves many tests
 * instead of one. Tests are laid end to end in the plan's order, the model backing's first, then the file
 * backing's (a batch holds one backing, so that its samples per second are that backing's); the line is cut every
 * {@code seconds} of expected sampling, and a test that straddles a cut is split between the two batches (its
 * results are summed). Within a fork the slot's state draws each sample's test in proportion to its share
 * ({@link #schedule}), so a fork that samples slower or faster than planned shortchanges or favours all its tests
 * alike.
 */
public final class Batches {
    /**
     * The expected sampling seconds a batch aims at. A fork costs about 3.3 s of wall time besides its sampling
     * ({@link TimeBudget#FORK_SECONDS}), once per JVM configuration: at 12 s a batch, the committed baseline's run
     * spent 61 batches × 2 configurations × 3.3 s = about 400 s of its 1,435 s starting forks; at 60 s the same plan
     * needs 11 forks' starts per configuration. Longer batches only coarsen the progress lines and what a fork that
     * dies takes with it (its batch's samples, topped up by the next pass).
     */
    public static final double TARGET_SECONDS = 60;
    /**
     * The most tests a batch holds, about. A fork samples slower the more models it holds (each brings its own code
     * to warm up, and the fault path's call sites see more receiver classes): measured on the default plan
     * (2026-12-01), a median of 110,300 samples/s in batches of 134–155 tests and 83,590 in batches of 280–291,
     * which left 397 tests short of the samples planned from the first speed. The plan's speeds are the baseline's,
     * so its batches hold as many tests as the baseline run's did.
     */
    public static final int MAX_TESTS = 150;
    /**
     * The least expected sampling a batch gets: a fork's first second or so is warm-up, so top-ups of hundreds of
     * small shortfalls cut into forks of a few seconds made no progress (2026-12-01: 397 tests were short after each
     * of two top-up passes of about 3 s).
     */
    public static final double MIN_SECONDS = 10;
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
     * How many batches {@code tests} of one backing are cut into at {@code target} seconds each: enough that none
     * exceeds its time or holds much more than {@link #MAX_TESTS} tests (the time is shared equally, so a batch holds
     * about as many tests as the others), at least one.
     */
    public static int count(List<PlanFile.Test> tests, double target) {
        double total = 0;
        int sampled = 0;
        for (PlanFile.Test t : tests) {
            if (t.samplesTarget() > 0) {
                total += t.expectedSeconds();
                sampled++;
            }
        }
        int byTime = (int) Math.ceil(total / target - 1e-9);
        int byTests = (sampled + MAX_TESTS - 1) / MAX_TESTS;
        return Math.max(1, Math.max(byTime, byTests));
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

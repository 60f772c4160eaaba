package org.pagerace.stress;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pagerace.results.PlanFile;

/**
 * What a stress run costs in wall time, and how a {@code --time-budget} is spent: per backing, JCStress's start
 * (probing the JVM: about a dozen short JVMs) and reading the results (JCStress gives all the tests of one run the
 * same time, so each backing's batches run in a JCStress of their own), one fork per batch and JVM configuration,
 * and the batches' sampling with a {@link #MARGIN}. A budget that holds the whole plan raises every test's samples
 * by the spare time; one that does not covers the tests in order of what they protect (known bugs and history
 * pairs first, then the model backing, then the file backing; the plan's order within each) and skips the rest,
 * named in {@code stress.json}.
 */
public final class TimeBudget {
    /** Seconds of JCStress's start and the results' reading (measured: 10 s of CPU time under load). */
    public static final double HOST_SECONDS = 10;
    /**
     * Seconds of one fork besides its sampling: JVM start, JNA load, warm-up, the results' hand-over. Measured in wall
     * time on the first pass of the 484-test default run in {@code results/baseline}: 590 s for 403.6 s of sampling
     * (54 forks of 5 × 1,495 ms) and one JCStress start, (590 - 403.6 - 10) / 54 = 3.3 s a fork (1.5 s was planned,
     * from a fork's CPU time).
     */
    public static final double FORK_SECONDS = 3.3;
    /**
     * JVM configurations per batch on this JDK: JCStress 0.16 doubles every configuration, even a single
     * {@code -jvmArgs} one, into {@code -XX:+UseBiasedLocking} and {@code -XX:-UseBiasedLocking} when its probe
     * {@code java -XX:+UseBiasedLocking} succeeds ({@code VMSupport.detectAvailableVMConfigs}); no option turns that
     * off. The probe succeeds up to JDK 17 and fails from JDK 18 on ("Unrecognized VM option"), so JCStress, which
     * forks the JVM it runs on, runs one configuration there.
     */
    public static final int CONFIGS = configsOn(Runtime.version().feature());
    /**
     * Forks sample this much longer than planned, so that a slower machine still reaches each test's target. Not
     * less: a plan's speeds come from batches of another composition (more models per fork is more warm-up per
     * fork: 58,000 samples/s measured in batches of about 100 tests, 45,000 in batches of about 145), and a top-up
     * pass of hundreds of tests' small shortfalls is mostly its forks' warm-up (2026-12-01, at 1.1: 353 tests ended
     * below the floor after four passes).
     */
    public static final double MARGIN = 1.25;

    /** The plan a budget leaves: the tests (skipped ones with no samples), the scale of the rest, the expected wall. */
    public record Fit(List<PlanFile.Test> tests, double scale, double expectedSeconds, List<PlanFile.Test> skipped) {
    }

    private TimeBudget() {
    }

    /** JCStress 0.16's configurations per batch on a JDK of {@code feature} release (one set of JVM arguments). */
    static int configsOn(int feature) {
        return feature < 18 ? 2 : 1;
    }

    /** The expected wall seconds of running {@code tests} in batches of {@code batchSeconds}. */
    public static double expectedSeconds(List<PlanFile.Test> tests, double batchSeconds) {
        Map<String, List<PlanFile.Test>> byBacking = new TreeMap<>();
        for (PlanFile.Test t : tests) {
            if (t.samplesTarget() > 0) {
                byBacking.computeIfAbsent(t.backing(), b -> new ArrayList<>()).add(t);
            }
        }
        double wall = 0;
        for (List<PlanFile.Test> group : byBacking.values()) {
            int batches = Batches.count(group, batchSeconds);
            double sampling = Math.max(group.stream().mapToDouble(PlanFile.Test::expectedSeconds).sum(),
                    batches * Batches.MIN_SECONDS);
            wall += HOST_SECONDS + batches * CONFIGS * FORK_SECONDS + sampling * MARGIN;
        }
        return wall;
    }

    /**
     * Fits {@code tests} into {@code budget} seconds of wall time: all of them with their samples raised by the
     * spare time when they fit, else the most protective that fit, at their planned samples.
     */
    public static Fit fit(List<PlanFile.Test> tests, double budget, double batchSeconds) {
        if (!(budget > 0)) {
            throw new IllegalArgumentException("a time budget must be positive, found " + budget);
        }
        double all = expectedSeconds(tests, batchSeconds);
        if (all <= budget) {
            double sampling = tests.stream().mapToDouble(PlanFile.Test::expectedSeconds).sum();
            double fixed = all - sampling * MARGIN;
            double scale = Math.max(1, (budget - fixed) / (sampling * MARGIN));
            List<PlanFile.Test> scaled = new ArrayList<>();
            for (PlanFile.Test t : tests) {
                scaled.add(SamplingPlan.scaled(t, scale));
            }
            // more samples in the same batches: more seconds per batch, hence the same fork count
            return new Fit(scaled, scale, budget, List.of());
        }
        List<PlanFile.Test> order = new ArrayList<>(tests);
        order.sort(Comparator.comparingInt(TimeBudget::priority).thenComparingInt(PlanFile.Test::id));
        List<PlanFile.Test> chosen = new ArrayList<>();
        int firstSkipped = Integer.MAX_VALUE; // the priority of the first test that did not fit
        for (PlanFile.Test t : order) {
            if (priority(t) > firstSkipped) {
                continue; // a smaller test of a lower priority never takes the place of a skipped one
            }
            chosen.add(t);
            if (expectedSeconds(chosen, batchSeconds) > budget) {
                chosen.remove(chosen.size() - 1);
                firstSkipped = Math.min(firstSkipped, priority(t));
            }
        }
        List<PlanFile.Test> out = new ArrayList<>();
        List<PlanFile.Test> skipped = new ArrayList<>();
        for (PlanFile.Test t : tests) {
            if (chosen.contains(t)) {
                out.add(t);
            } else {
                PlanFile.Test s = t.skipped("skipped: outside the time budget");
                out.add(s);
                skipped.add(s);
            }
        }
        return new Fit(out, 1, expectedSeconds(chosen, batchSeconds), skipped);
    }

    /** 0: a known bug or a history pair; 1: the model backing; 2: the file backing. */
    static int priority(PlanFile.Test t) {
        if (!t.expectedBugs().isEmpty() || t.history() != null) {
            return 0;
        }
        return "file".equals(t.backing()) ? 2 : 1;
    }
}

package org.pagerace.stress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pagerace.results.PlanFile;

/**
 * A further pass for the tests a pass left short of their samples (a machine slower than planned, other jobs on its
 * CPUs): each gets what it lacks, and 10 % more (at least {@link #MIN_SHORTFALL}), planned at the speed it actually
 * sampled at, and more for its forks' warm-up and to fill {@link Batches#MIN_SECONDS} a batch; a test is short by
 * a single sample too, so that the floor and each test's target hold. {@code pagerace stress} runs up to
 * {@link #MAX_PASSES} passes; a test still short after them is graded on what it has, and {@code stress.json} shows
 * its samples below its {@code samples_target}.
 */
public final class TopUp {
    /** Passes in all, the first included. */
    public static final int MAX_PASSES = 4;
    /**
     * The least a top-up asks for: a test short by less still gets this many (a shortfall is never left, however
     * small: 492 samples short of the floor was 2.5 % of it).
     */
    static final long MIN_SHORTFALL = 500;

    private TopUp() {
    }

    /**
     * The tests of {@code planned} that {@code sampled} (the results so far) left short, each as a test whose
     * {@code samples_target} is what it lacks; tests in JCStress error are not topped up (more samples would not
     * help).
     */
    public static List<PlanFile.Test> shortfalls(List<PlanFile.Test> planned, List<StressTest> sampled) {
        Map<Integer, StressTest> byId = new HashMap<>();
        sampled.forEach(t -> byId.put(t.planned.id(), t));
        List<PlanFile.Test> out = new ArrayList<>();
        for (PlanFile.Test p : planned) {
            if (p.samplesTarget() <= 0) {
                continue;
            }
            StressTest got = byId.get(p.id());
            if (got != null && got.jcstressError) {
                continue;
            }
            long have = got == null ? 0 : got.samples();
            long lack = p.samplesTarget() - have;
            if (lack <= 0) {
                continue;
            }
            double speed = got != null && got.samplesPerSecond() > 0 ? got.samplesPerSecond() : p.samplesPerSecond();
            long more = (long) Math.ceil(Math.max(lack, MIN_SHORTFALL) * 1.1);
            out.add(new SamplingPlan.Decision(more, Double.NaN, speed, "top-up").applyTo(p));
        }
        return Batches.atLeastMinimum(withWarmUp(out), Batches.TARGET_SECONDS);
    }

    /**
     * {@code tests} with their samples raised, per backing, by the time their forks warm up
     * ({@link Batches#WARM_UP_SECONDS_PER_TEST} a test): their speeds are averages over the longer forks of the
     * pass before, so a top-up's short fork would otherwise end about when it begins to sample at that speed.
     */
    static List<PlanFile.Test> withWarmUp(List<PlanFile.Test> tests) {
        return Batches.raisedPerBacking(tests, group -> {
            double seconds = group.stream().mapToDouble(PlanFile.Test::expectedSeconds).sum();
            return (seconds + group.size() * Batches.WARM_UP_SECONDS_PER_TEST) / seconds;
        });
    }
}

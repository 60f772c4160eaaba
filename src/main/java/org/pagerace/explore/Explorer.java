package org.pagerace.explore;

import java.nio.file.Path;
import org.pagerace.check.Backings;
import org.pagerace.check.Outcome;
import org.pagerace.check.Race;
import org.pagerace.check.Sample;
import org.pagerace.fs.Model;
import org.pagerace.mm.Backing;
import org.pagerace.mm.Era;
import org.pagerace.sched.StepScheduler;

/**
 * Deterministic exploration of a race: runs its actors ({@link Sample#runStore()} as {@code fault},
 * {@link Sample#runPartner()} as {@code partner}, and in a three-actor race {@link Sample#runThird()} as
 * {@code third}) under a {@link StepScheduler}, switching only at the named points, once
 * for every interleaving with at most {@code bound} preemptions (iterative context bounding: a switch away from an
 * actor that could still run is a preemption; a switch because it finished or waits for a held lock is free), each
 * on a fresh sample, and judges each with {@link Sample#judge()}. The search is a stateless depth-first search
 * ({@link BoundedSearch}): every run replays a prefix of choices from the start.
 *
 * <p><b>What "all interleavings" covers.</b> Every run ends: one actor that has taken
 * {@link StepScheduler#FAIRNESS} steps in a row while the other could run is switched away from, free of charge
 * (the rule of {@link StepScheduler#finishAll()}, which replays use too), so a fault retrying against a stopped
 * truncate cannot spin for ever, and a run is abandoned after {@code stepCap} steps (counted; the exploration is
 * then reported incomplete). So the interleavings explored are those with at most {@code bound} preemptions in
 * which no actor runs more than FAIRNESS steps while the other could run; an outcome that needs a longer solo run
 * (a retry loop that must spin more than FAIRNESS steps before the partner moves) is outside them, and so is one
 * that needs more preemptions. With spin reduction on (the default) the switch away from a spinning retry loop
 * happens as soon as {@link SpinDetector} sees the loop repeat exactly; this reaches the same outcomes as waiting
 * for FAIRNESS (see there) in fewer runs, which was checked on the whole matrix (see {@code package-info.java}).
 */
public final class Explorer implements AutoCloseable {
    /**
     * The preemption bound used unless told otherwise: one above the classic 2, because the whole matrix still
     * explores in a few seconds at 3 and every outcome reachable at bounds up to 6 is already reachable at 1 (see
     * {@code package-info.java} for the measurements).
     */
    public static final int DEFAULT_BOUND = 3;
    /** Steps after which a run is abandoned (far above any run the fairness rule lets happen here). */
    public static final int DEFAULT_STEP_CAP = 20_000;

    private final int bound;
    private final int stepCap;
    private final boolean spinReduction;
    private final String backingKind;
    private final Path fsDir;
    private final StepScheduler.Threads threads = new StepScheduler.Threads();

    /**
     * An explorer with preemption bound {@code bound} (at least 0), over {@code backingKind} backings
     * ({@link Backings}; a file backing lives in {@code fsDir}).
     */
    public Explorer(int bound, int stepCap, boolean spinReduction, String backingKind, Path fsDir) {
        if (bound < 0) {
            throw new IllegalArgumentException("--bound must be at least 0, not " + bound);
        }
        if (stepCap < 1) {
            throw new IllegalArgumentException("step cap must be at least 1");
        }
        this.bound = bound;
        this.stepCap = stepCap;
        this.spinReduction = spinReduction;
        this.backingKind = backingKind;
        this.fsDir = fsDir;
    }

    /** An explorer with bound {@code bound}, the default step cap, spin reduction, over model backings. */
    public Explorer(int bound) {
        this(bound, DEFAULT_STEP_CAP, true, Backings.MODEL, null);
    }

    public int bound() {
        return bound;
    }

    /**
     * Explores every interleaving of {@code model} × {@code race} in {@code era} within the bound, and finds
     * the shortest trace (fewest preemptions, then fewest steps) of each outcome; each bug trace is replayed the
     * way {@code pagerace run --schedule} replays it ({@link Trace#replays()}) and gets the shortest schedule that
     * replays it too.
     */
    public Exploration explore(Model model, Race race, Era era) {
        Exploration x = new Exploration(model, race, era, backingKind, bound, spinReduction);
        BoundedSearch search = new BoundedSearch(bound, stepCap, spinReduction);
        long t0 = System.nanoTime();
        try (Backing backing = Backings.create(backingKind, fsDir)) {
            do {
                Sample s = Sample.create(model.create(era), race, backing);
                search.begin(s);
                try (StepScheduler sched = new StepScheduler(threads)) {
                    s.actors().forEach(sched::actor);
                    String outcome;
                    boolean timedOut = false;
                    try {
                        /* a run abandoned at the step cap never ended: a livelock of the actors */
                        outcome = sched.runChoosing(search) ? s.judge().id() : Outcome.LIVELOCK.id();
                    } catch (StepScheduler.Deadlock d) {
                        outcome = Outcome.DEADLOCK.id();
                    } catch (StepScheduler.Timeout t) {
                        /* an actor never came back to a point: its thread is lost, so the exploration stops here */
                        outcome = Outcome.TIMEOUT.id();
                        timedOut = true;
                    }
                    x.interleavings++;
                    if (timedOut) {
                        x.capped++;
                    }
                    x.counts.merge(outcome, 1L, Long::sum);
                    Trace best = x.shortest.get(outcome);
                    if (best == null || search.preemptions() < best.preemptions()
                            || (search.preemptions() == best.preemptions() && sched.steps() < best.steps().size())) {
                        x.shortest.put(outcome, new Trace(outcome, sched.trace(), search.preemptedAt()));
                    }
                    if (timedOut) {
                        break;
                    }
                }
            } while (search.backtrack());
            long t1 = System.nanoTime();
            x.nanos = t1 - t0;
            for (Trace t : x.bugs()) {
                if (!Outcome.TIMEOUT.id().equals(t.outcome())) {
                    Schedules.verifyAndShorten(t, model, race, era, backing);
                }
            }
            x.checkNanos = System.nanoTime() - t1;
        }
        return x;
    }

    @Override
    public void close() {
        threads.close();
    }
}

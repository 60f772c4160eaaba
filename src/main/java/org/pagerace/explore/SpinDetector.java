package org.pagerace.explore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pagerace.check.Sample;
import org.pagerace.sched.Point;
import org.pagerace.sched.StepScheduler.Step;

/**
 * Recognises an actor that spins in the store's fault-retry loop while the other actor stands still: a fault that
 * returns "retry" (NOPAGE, or 0 after the VM's mapping check) against a truncate stopped half-way repeats itself
 * exactly until the truncate moves on.
 *
 * <p>The loop head is {@link Point#STORE} (the store re-executes after every fault). An actor is spinning when its
 * last two iterations (store arrival to store arrival) were the same steps with the same kernel events, no other
 * actor stepped during them, and the shared state ({@link SampleState}) was the same at the last two arrivals. Its
 * behaviour depends only on that state and on its own fault counters, so every further iteration repeats the last
 * one, and at each point of it the actor is where it was one iteration earlier with one more fault counted. The
 * counters only matter to the oracle as zero or not (OK against OK_RETRIED, OOM) and against
 * {@link org.pagerace.mm.UserAccess#MAX_FAULTS}; after two complete faults that returned the same code their zero-or-not
 * class no longer changes. So a switch away from the spinning actor explores nothing the previous iteration did
 * not: the explorer makes the switch then, free of charge, as {@link org.pagerace.sched.StepScheduler#FAIRNESS} would
 * make it anyway some 60 iterations later. The flag holds until the other actor steps, so if the other actor only
 * becomes able to run in the middle of a later iteration the switch is made there; every such run is a real
 * interleaving, so the reduced search may reach an outcome that the plain bound-K search needs one more
 * preemption for, never fewer outcomes.
 */
final class SpinDetector {
    /** One actor's history since its last arrival at the loop head. */
    private static final class Loop {
        List<Step> iteration = new ArrayList<>();
        List<Step> previousIteration;
        SampleState atLastArrival;
        boolean arrivedOnce;
        boolean spinning;

        void reset() {
            iteration = new ArrayList<>();
            previousIteration = null;
            atLastArrival = null;
            arrivedOnce = false;
            spinning = false;
        }
    }

    private final Map<String, Loop> loops = new HashMap<>();

    void reset() {
        for (Loop l : loops.values()) {
            l.reset();
        }
    }

    /** Takes note of {@code step}, just taken on {@code sample}. */
    void observe(Step step, Sample sample) {
        for (Map.Entry<String, Loop> e : loops.entrySet()) {
            if (!e.getKey().equals(step.actor())) {
                e.getValue().reset();
            }
        }
        Loop l = loops.computeIfAbsent(step.actor(), k -> new Loop());
        l.iteration.add(step);
        if (step.point() != Point.STORE) {
            return;
        }
        SampleState now = SampleState.of(sample);
        if (l.arrivedOnce) {
            l.spinning = l.previousIteration != null && l.previousIteration.equals(l.iteration)
                    && now.equals(l.atLastArrival);
            l.previousIteration = l.iteration;
        }
        l.arrivedOnce = true;
        l.atLastArrival = now;
        l.iteration = new ArrayList<>();
    }

    /** Whether {@code actor} is spinning (see the class comment) at the point it has just stopped at. */
    boolean spinning(String actor) {
        Loop l = loops.get(actor);
        return l != null && l.spinning;
    }
}

package org.pagerace.explore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pagerace.check.Sample;
import org.pagerace.sched.StepScheduler.Step;
import org.pagerace.sched.StepScheduler;

/**
 * The depth-first search over interleavings with at most {@code bound} preemptions, kept as the stack of the
 * branching choices of the current run; each run replays the stack's choices on a fresh sample, then extends it with
 * the default choice (the running actor goes on), and {@link #backtrack()} moves to the next unexplored branch.
 *
 * <p>At every stop the enabled actors are the candidates. Going on with the actor that just stepped is free; so is
 * any switch when that actor cannot go on (it finished, or waits for a lock that is held), and the first choice of
 * all. A switch away from an actor that could still run is a preemption, offered only while fewer than
 * {@code bound} have been made in this run. Two switches are forced, and free: after {@link StepScheduler#FAIRNESS}
 * consecutive steps of one actor while another could run (the rule of {@link StepScheduler#finishAll()}), and,
 * with spin reduction on, as soon as the running actor is seen spinning in a fault-retry loop ({@link SpinDetector}).
 * A run longer than {@code stepCap} steps is abandoned and counted.
 */
final class BoundedSearch implements StepScheduler.Chooser {
    private final int bound;
    private final int stepCap;
    private final SpinDetector spins;

    /* The stack of branching choices: how many candidates there were, and which one this run takes. */
    private int[] options = new int[32];
    private int[] chosen = new int[32];
    private int size;

    /* The current run. */
    private Sample sample;
    private int depth;
    private int steps;
    private int preemptions;
    private String running;
    private int run;
    private boolean capped;
    private final List<Integer> preemptedAt = new ArrayList<>();

    BoundedSearch(int bound, int stepCap, boolean reduceSpins) {
        this.bound = bound;
        this.stepCap = stepCap;
        this.spins = reduceSpins ? new SpinDetector() : null;
    }

    /** Starts a run on {@code s}: replays the current stack of choices, then goes depth-first. */
    void begin(Sample s) {
        sample = s;
        depth = 0;
        steps = 0;
        preemptions = 0;
        running = null;
        run = 0;
        capped = false;
        preemptedAt.clear();
        if (spins != null) {
            spins.reset();
        }
    }

    @Override
    public String next(Step last, List<String> enabled) {
        if (last != null) {
            steps++;
            if (last.actor().equals(running)) {
                run++;
            } else {
                running = last.actor();
                run = 1;
            }
            if (spins != null) {
                spins.observe(last, sample);
            }
        }
        if (steps >= stepCap) {
            capped = true;
            return null;
        }
        List<String> candidates;
        boolean preemptive = false;
        if (last == null || !enabled.contains(running) || enabled.size() == 1) {
            candidates = enabled;
        } else if (run >= StepScheduler.FAIRNESS || (spins != null && spins.spinning(running))) {
            candidates = others(enabled);
        } else if (preemptions < bound) {
            candidates = new ArrayList<>(enabled.size());
            candidates.add(running);
            candidates.addAll(others(enabled));
            preemptive = true;
        } else {
            candidates = List.of(running);
        }
        String choice = candidates.get(choose(candidates.size()));
        if (preemptive && !choice.equals(running)) {
            preemptions++;
            preemptedAt.add(steps);
        }
        return choice;
    }

    private List<String> others(List<String> enabled) {
        List<String> o = new ArrayList<>(enabled);
        o.remove(running);
        return o;
    }

    private int choose(int n) {
        if (n == 1) {
            return 0;
        }
        if (depth < size) {
            if (options[depth] != n) {
                throw new IllegalStateException("replay diverged at branch " + depth + ": " + n
                        + " candidates, " + options[depth] + " before (the emulation is not deterministic)");
            }
            return chosen[depth++];
        }
        if (size == options.length) {
            options = Arrays.copyOf(options, size * 2);
            chosen = Arrays.copyOf(chosen, size * 2);
        }
        options[size] = n;
        chosen[size] = 0;
        size++;
        depth++;
        return 0;
    }

    /** Moves to the next unexplored branch; false when the whole tree has been explored. */
    boolean backtrack() {
        if (depth != size && !capped) {
            throw new IllegalStateException("replay diverged: the run ended after " + depth + " of " + size
                    + " branches (the emulation is not deterministic)");
        }
        size = depth;
        while (size > 0 && chosen[size - 1] + 1 >= options[size - 1]) {
            size--;
        }
        if (size == 0) {
            return false;
        }
        chosen[size - 1]++;
        return true;
    }

    /** The steps of the current run so far. */
    int steps() {
        return steps;
    }

    /** The preemptions of the current run. */
    int preemptions() {
        return preemptions;
    }

    /** The indexes of the steps of the current run that began with a preemption. */
    List<Integer> preemptedAt() {
        return List.copyOf(preemptedAt);
    }

    /** Whether the current run was abandoned for being longer than the step cap. */
    boolean capped() {
        return capped;
    }
}

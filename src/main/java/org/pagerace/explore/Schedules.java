package org.pagerace.explore;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.pagerace.check.Race;
import org.pagerace.check.Sample;
import org.pagerace.fs.Model;
import org.pagerace.mm.Backing;
import org.pagerace.mm.Era;
import org.pagerace.sched.StepScheduler.Step;
import org.pagerace.sched.StepScheduler;

/**
 * Replaying schedules the way {@code pagerace run --schedule} does ({@link StepScheduler#run} on a fresh sample,
 * then {@link Sample#judge()}), and shortening a trace's schedule to the fewest tokens that still replay it step
 * for step.
 */
public final class Schedules {
    /** The outcome id of a run in which no actor could step any more. */
    public static final String DEADLOCK = org.pagerace.check.Outcome.DEADLOCK.id();

    private Schedules() {
    }

    /** What a replay did: its steps and the outcome id the sample was judged to be. */
    public record Replayed(List<Step> steps, String outcome) {
    }

    /**
     * Replays {@code schedule} on a fresh sample of {@code model} × {@code race} in {@code era} over
     * {@code backing}, exactly as {@code pagerace run --schedule} does.
     */
    public static Replayed replay(Model model, Race race, Era era, Backing backing, String schedule) {
        Sample s = Sample.create(model.create(era), race, backing);
        try (StepScheduler sched = new StepScheduler()) {
            s.actors().forEach(sched::actor);
            try {
                sched.run(schedule);
            } catch (StepScheduler.Deadlock d) {
                return new Replayed(sched.trace(), DEADLOCK);
            }
            return new Replayed(sched.trace(), s.judge().id());
        }
    }

    /**
     * Checks that {@code trace}'s full schedule replays it step for step with the same outcome (recorded in the
     * trace), then looks for the shortest schedule that does too: each run of steps of one actor becomes as few
     * {@code A:POINT} tokens as reach its end (a bare {@code A} if it ends with the actor finishing), and tokens at
     * the end are dropped while {@link StepScheduler#finishAll()} does the same by itself. Every candidate is
     * checked by a replay; if none replays exactly, the full schedule is kept.
     */
    static void verifyAndShorten(Trace trace, Model model, Race race, Era era, Backing backing) {
        trace.setReplays(replaysExactly(trace, model, race, era, backing, List.of(trace.fullSchedule())));
        if (!trace.replays()) {
            return;
        }
        List<String> tokens = compact(trace.steps());
        if (!replaysExactly(trace, model, race, era, backing, tokens)) {
            return;
        }
        while (!tokens.isEmpty()) {
            List<String> shorter = tokens.subList(0, tokens.size() - 1);
            if (!replaysExactly(trace, model, race, era, backing, shorter)) {
                break;
            }
            tokens = new ArrayList<>(shorter);
        }
        trace.setShortSchedule(String.join(",", tokens));
    }

    private static boolean replaysExactly(Trace trace, Model model, Race race, Era era, Backing backing,
            List<String> tokens) {
        try {
            Replayed r = replay(model, race, era, backing, String.join(",", tokens));
            return r.steps().equals(trace.steps()) && r.outcome().equals(trace.outcome());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Per run of one actor's steps: the fewest {@code A:POINT} tokens that stop where the run stops. */
    static List<String> compact(List<Step> steps) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < steps.size()) {
            String actor = steps.get(i).actor();
            int end = i;
            while (end + 1 < steps.size() && steps.get(end + 1).actor().equals(actor)) {
                end++;
            }
            if (steps.get(end).point() == null) {
                tokens.add(actor);
            } else {
                int from = i;
                while (from <= end) {
                    int stop = furthestFirstStop(steps, from, end);
                    tokens.add(steps.get(stop).token());
                    from = stop + 1;
                }
            }
            i = end + 1;
        }
        return tokens;
    }

    /**
     * The last step in [{@code from}, {@code end}] whose point does not occur earlier in that range, so that
     * "run until POINT" from {@code from} stops exactly there; {@code end} itself if possible.
     */
    private static int furthestFirstStop(List<Step> steps, int from, int end) {
        Set<Object> seen = new HashSet<>();
        int best = from;
        for (int k = from; k <= end; k++) {
            if (seen.add(steps.get(k).point())) {
                best = k;
            }
        }
        return best;
    }
}

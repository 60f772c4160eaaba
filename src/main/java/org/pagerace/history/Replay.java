package org.pagerace.history;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.pagerace.check.Backings;
import org.pagerace.check.Outcome;
import org.pagerace.check.RaceRunner;
import org.pagerace.explore.ExploreReport;
import org.pagerace.explore.Exploration;
import org.pagerace.explore.Explorer;
import org.pagerace.explore.Trace;
import org.pagerace.fs.Filesystems;
import org.pagerace.fs.Model;
import org.pagerace.mm.Era;
import org.pagerace.sched.DelayInjection;

/**
 * Replays one {@link Bug}: explores the version before the fix and the version after it within a preemption bound,
 * then runs each free for a while with delay injection ({@link RaceRunner}, as {@code pagerace run --repeat}), and
 * says whether the pair holds: before reaches the expected outcome in both, after reaches no bug outcome in either.
 */
public final class Replay {
    /** Samples per call of the runner between looks at the clock. */
    private static final int CHUNK = 16;
    /** How much longer than asked the run of the version before the fix may go on while it has not yet seen the bug. */
    public static final int PATIENCE = 10;

    /**
     * A free-running run: samples, seconds, the outcome histogram, and the seconds until the first sample of the
     * expected outcome ended (measured at {@link #CHUNK}-sample granularity; NaN if none, or not looked for).
     */
    public record FreeRun(long samples, double seconds, Map<Outcome, Long> histogram, double firstSeconds) {
        /** Samples that ended in {@code o}. */
        public long count(Outcome o) {
            return histogram.getOrDefault(o, 0L);
        }

        /** Samples that ended in any bug outcome. */
        public long bugs() {
            return histogram.entrySet().stream().filter(e -> e.getKey().isBug()).mapToLong(Map.Entry::getValue).sum();
        }

        /** Detections of {@code o} per second. */
        public double rate(Outcome o) {
            return seconds == 0 ? 0 : count(o) / seconds;
        }

        /** The expected time to the first detection of {@code o}: seconds per detection (infinite if none). */
        public double expectedSecondsToFirst(Outcome o) {
            long n = count(o);
            return n == 0 ? Double.POSITIVE_INFINITY : seconds / n;
        }
    }

    /** One side of the pair: the model, its exploration and its free run. */
    public record Side(Model model, Era era, Exploration exploration, FreeRun run) {
    }

    private final Bug bug;
    private final Side before;
    private final Side after;

    private Replay(Bug bug, Side before, Side after) {
        this.bug = bug;
        this.before = before;
        this.after = after;
    }

    /**
     * Whether both models of {@code bug} are in this build (a row whose filesystem another branch brings is listed,
     * and replayed once that model is registered).
     */
    public static boolean available(Bug bug) {
        return resolve(bug.before()) != null && resolve(bug.after()) != null;
    }

    private static Model resolve(String spec) {
        try {
            return Filesystems.resolve(spec);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Explores both models within {@code bound}; no free run ({@code seconds} 0) when {@code seconds} is 0. */
    public static Replay run(Bug bug, int bound, double seconds, long seed) {
        Model b = Filesystems.resolve(bug.before()).withBlockSize(bug.blockSize());
        Model a = Filesystems.resolve(bug.after()).withBlockSize(bug.blockSize());
        return new Replay(bug, side(b, bug, bound, seconds, seed, bug.expected()),
                side(a, bug, bound, seconds, seed, null));
    }

    private static Side side(Model m, Bug bug, int bound, double seconds, long seed, Outcome lookFor) {
        Era era = m.create().era();
        Exploration x;
        try (Explorer explorer = new Explorer(bound)) {
            x = explorer.explore(m, bug.partner(), era);
        }
        return new Side(m, era, x, seconds > 0 ? freeRun(m, bug, era, seconds, seed, lookFor) : null);
    }

    /**
     * {@code pagerace run --repeat} for {@code seconds}: free-running samples with the default delay injection. With
     * {@code lookFor} not null, the run goes on past {@code seconds} until it has seen {@code lookFor} once, for at
     * most {@link #PATIENCE} times {@code seconds}, so a loaded machine delays the first detection rather than
     * hiding it.
     */
    static FreeRun freeRun(Model m, Bug bug, Era era, double seconds, long seed, Outcome lookFor) {
        Map<Outcome, Long> histogram = new EnumMap<>(Outcome.class);
        long samples = 0;
        double first = Double.NaN;
        long t0 = System.nanoTime();
        long until = t0 + (long) (seconds * 1e9);
        long cap = t0 + (long) (PATIENCE * seconds * 1e9);
        try (RaceRunner runner = new RaceRunner(m, bug.partner(), era, Backings.create(Backings.MODEL, null))) {
            DelayInjection delays = DelayInjection.defaults(seed);
            while (true) {
                long now = System.nanoTime();
                boolean seen = lookFor == null || histogram.containsKey(lookFor);
                if (now >= cap || (now >= until && seen)) {
                    break;
                }
                runner.run(CHUNK, delays).forEach((o, n) -> histogram.merge(o, n, Long::sum));
                samples += CHUNK;
                if (lookFor != null && Double.isNaN(first) && histogram.containsKey(lookFor)) {
                    first = (System.nanoTime() - t0) / 1e9;
                }
            }
        }
        return new FreeRun(samples, (System.nanoTime() - t0) / 1e9, histogram, first);
    }

    public Bug bug() {
        return bug;
    }

    public Side before() {
        return before;
    }

    public Side after() {
        return after;
    }

    /** The shortest interleaving of the version before the fix that reaches the expected outcome, or null. */
    public Trace shortest() {
        return before.exploration().shortest(bug.expected().id());
    }

    /** {@code pagerace run ... --schedule ...} replaying {@link #shortest()}, or null. */
    public String command() {
        Trace t = shortest();
        return t == null ? null : ExploreReport.command(before.exploration(), t, null);
    }

    /** What does not hold, one line each (empty: the pair holds). */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        String expected = bug.expected().id();
        if (!before.exploration().complete() || !after.exploration().complete()) {
            p.add("exploration incomplete (runs abandoned at the step cap)");
        }
        if (shortest() == null) {
            p.add(before.model().id() + " does not reach " + expected + " within bound " + before.exploration().bound()
                    + " (reaches " + before.exploration().outcomes().keySet() + ")");
        }
        if (!after.exploration().bugIds().isEmpty()) {
            p.add(after.model().id() + " reaches " + after.exploration().bugIds() + " within bound "
                    + after.exploration().bound());
        }
        if (before.run() != null && before.run().count(bug.expected()) == 0) {
            p.add(before.model().id() + " showed no " + expected + " in " + before.run().samples()
                    + " free-running samples");
        }
        if (after.run() != null && after.run().bugs() > 0) {
            p.add(after.model().id() + " showed bug outcomes in its free run: " + after.run().histogram());
        }
        return p;
    }

    /** Whether the pair holds. */
    public boolean holds() {
        return problems().isEmpty();
    }
}

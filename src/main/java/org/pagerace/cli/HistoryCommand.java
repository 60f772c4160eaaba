package org.pagerace.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.pagerace.check.Outcome;
import org.pagerace.explore.Exploration;
import org.pagerace.explore.Explorer;
import org.pagerace.explore.Trace;
import org.pagerace.history.Bug;
import org.pagerace.history.HistoryTable;
import org.pagerace.history.Replay;
import org.pagerace.results.HistoryFile;
import org.pagerace.results.RunFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pagerace history}: replays the kernel's own page_mkwrite bugs ({@link HistoryTable}), each as its
 * filesystem before and after the fix: exploration within a bound and a free-running run with delay injection for
 * both; exit 0 when every pair holds, 1 naming those that do not.
 */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Replay the kernel's fixed page_mkwrite bugs: each filesystem version before the fix must reach "
                + "the bug, the version after it must not (exploration and a free-running run).")
final class HistoryCommand implements Callable<Integer> {
    @Option(names = "--bound", paramLabel = "K",
            description = "preemption bound of the exploration (default " + Explorer.DEFAULT_BOUND + ")")
    int bound = Explorer.DEFAULT_BOUND;

    @Option(names = "--seconds", paramLabel = "S",
            description = "free-running time per model, in seconds (default 1; 0: exploration only); the run before "
                    + "the fix goes on until it first sees the bug, up to " + Replay.PATIENCE + " times as long")
    double seconds = 1.0;

    @Option(names = "--seed", paramLabel = "N", description = "delay-injection seed (default 1)")
    long seed = 1;

    @Option(names = "--bug", paramLabel = "ID", split = ",", description = "only these bugs (H4,H10)")
    List<String> only;

    @Option(names = "--out", paramLabel = "DIR", description = "write history.json into DIR")
    Path out;

    @Option(names = "--block-size", paramLabel = "BYTES",
            description = "replay every chosen bug with this block size (1024, 2048 or the page size) instead of its own")
    Integer blockSize;

    @Option(names = "--table", description = "print the README's table of the replayed bugs and exit")
    boolean table;

    @Override
    public Integer call() {
        if (table) {
            System.out.print(HistoryTable.markdown());
            return 0;
        }
        if (bound < 0) {
            throw new IllegalArgumentException("--bound must be at least 0, not " + bound);
        }
        if (seconds < 0 || Double.isNaN(seconds) || seconds > 3600) {
            throw new IllegalArgumentException("--seconds must be between 0 and 3600, not " + seconds);
        }
        List<Bug> bugs = new ArrayList<>();
        if (only == null) {
            bugs.addAll(HistoryTable.BUGS);
        } else {
            for (String id : only) {
                bugs.add(HistoryTable.byId(id));
            }
        }
        if (blockSize != null) {
            int bytes = ModelOption.checkBlockSize(blockSize);
            bugs.replaceAll(b -> b.withBlockSize(bytes));
        }
        RunFolder folder = out != null ? RunFolder.create(out, Path.of("results")) : null;

        List<Replay> replays = new ArrayList<>();
        List<Bug> awaiting = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Bug b : bugs) {
            System.out.printf("%-4s %-6s %s%n     partner %s, expected %s, %d-byte blocks%n", b.id(), b.fs(), b.fix(),
                    b.partner().id(), b.expected().id(), b.blockSize());
            if (!Replay.available(b)) {
                awaiting.add(b);
                System.out.printf("     AWAITING MODEL: %s or %s is not in this build%n%n", b.before(), b.after());
                continue;
            }
            Replay r = Replay.run(b, bound, seconds, seed);
            replays.add(r);
            print(r);
            if (!r.holds()) {
                failed.add(b.id());
            }
        }
        System.out.printf("%d of %d pairs hold (bound %d, %.1f s free-running per model)%s%n",
                replays.size() - failed.size(), replays.size(), bound, seconds,
                awaiting.isEmpty() ? "" : "; awaiting a model: " + String.join(", ", awaiting.stream().map(Bug::id).toList()));
        if (folder != null) {
            folder.write(document(replays, awaiting));
            System.out.println("wrote " + folder.file(HistoryFile.SCHEMA.fileName()));
        }
        if (!failed.isEmpty()) {
            System.out.println("FAILED: " + String.join(", ", failed));
            return 1;
        }
        return 0;
    }

    private void print(Replay r) {
        Bug b = r.bug();
        Replay.Side before = r.before();
        Replay.Side after = r.after();
        Trace t = r.shortest();
        Exploration bx = before.exploration();
        if (t != null) {
            System.out.printf("     before %s: %s reached, %d preemption(s), %d steps (bound %d, %d interleavings)%n",
                    before.model().id(), b.expected().id(), t.preemptions(), t.steps().size(), bx.bound(),
                    bx.interleavings());
            System.out.println("            " + r.command());
        } else {
            System.out.printf("     before %s: %s NOT reached (bound %d, %d interleavings, outcomes %s)%n",
                    before.model().id(), b.expected().id(), bx.bound(), bx.interleavings(), bx.outcomes().keySet());
        }
        if (before.run() != null) {
            Replay.FreeRun run = before.run();
            System.out.printf("            free run: %d of %d samples in %.2f s: %.0f/s, expected time to first "
                    + "detection %s (first seen after %s)%n", run.count(b.expected()), run.samples(), run.seconds(),
                    run.rate(b.expected()), seconds(run.expectedSecondsToFirst(b.expected())),
                    Double.isNaN(run.firstSeconds()) ? "-" : seconds(run.firstSeconds()));
        }
        Exploration ax = after.exploration();
        System.out.printf("     after  %s: %s (bound %d, %d interleavings)%n", after.model().id(),
                ax.bugIds().isEmpty() ? "clean" : "REACHES " + String.join(" ", ax.bugIds()), ax.bound(),
                ax.interleavings());
        if (after.run() != null) {
            Replay.FreeRun run = after.run();
            System.out.printf("            free run: %d samples in %.2f s, %s%n", run.samples(), run.seconds(),
                    run.bugs() == 0 ? "no bug outcome" : run.bugs() + " bug outcomes: " + run.histogram());
        }
        System.out.println("     " + (r.holds() ? "HOLDS" : "DOES NOT HOLD: " + String.join("; ", r.problems())));
        System.out.println();
    }

    private static String seconds(double s) {
        if (Double.isInfinite(s)) {
            return "- (not detected)";
        }
        return s >= 1 ? String.format("%.2f s", s) : s >= 1e-3 ? String.format("%.2f ms", s * 1e3)
                : String.format("%.1f us", s * 1e6);
    }

    private HistoryFile document(List<Replay> replays, List<Bug> awaiting) {
        List<HistoryFile.Bug> bugs = new ArrayList<>();
        for (Replay r : replays) {
            Trace t = r.shortest();
            Outcome expected = r.bug().expected();
            Replay.FreeRun run = r.before().run();
            HistoryFile.FreeRun beforeRun = run == null ? null : new HistoryFile.FreeRun(run.samples(),
                    round(run.seconds()), ids(run.histogram()), run.count(expected),
                    Math.round(run.rate(expected) * 10) / 10.0, fourDigits(run.expectedSecondsToFirst(expected)),
                    fourDigits(run.firstSeconds()), null);
            HistoryFile.Side before = new HistoryFile.Side(r.before().model().id(), r.before().era().id(),
                    r.before().exploration().interleavings(), r.before().exploration().complete(),
                    r.before().exploration().outcomes(), beforeRun, t != null, t == null ? null : t.preemptions(),
                    t == null ? null : t.steps().size(), t == null ? null : t.schedule(),
                    t == null ? null : r.command(), null);
            Replay.FreeRun afterRun = r.after().run();
            HistoryFile.Side after = new HistoryFile.Side(r.after().model().id(), r.after().era().id(),
                    r.after().exploration().interleavings(), r.after().exploration().complete(),
                    r.after().exploration().outcomes(), afterRun == null ? null : new HistoryFile.FreeRun(
                    afterRun.samples(), round(afterRun.seconds()), ids(afterRun.histogram()), null, null, null, null,
                    afterRun.bugs()), null, null, null, null, null, r.after().exploration().bugIds());
            bugs.add(bug(r.bug(), r.holds() ? "holds" : "fails", r.problems(), before, after));
        }
        for (Bug b : awaiting) {
            bugs.add(bug(b, "awaiting-model", null, null, null));
        }
        return new HistoryFile(bound, seconds, seed, bugs, HistoryTable.NOT_REPLAYED.stream()
                .map(n -> new HistoryFile.NotReplayed(n.id(), n.fs(), n.needs())).toList());
    }

    private static HistoryFile.Bug bug(Bug b, String status, List<String> problems, HistoryFile.Side before,
            HistoryFile.Side after) {
        return new HistoryFile.Bug(b.id(), b.fs(), b.commit(), b.title(), b.hashConfirmed(), b.partner().id(),
                b.actors(), b.expected().id(), b.before(), b.after(), b.blockSize(), status, problems, before, after);
    }

    private static Map<String, Long> ids(Map<Outcome, Long> histogram) {
        Map<String, Long> m = new LinkedHashMap<>();
        histogram.forEach((o, n) -> m.put(o.id(), n));
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** {@code v} to four significant digits; not finite (written as null) where there is no figure. */
    private static double fourDigits(double v) {
        return Double.isFinite(v) ? Double.parseDouble(String.format("%.4g", v)) : v;
    }
}

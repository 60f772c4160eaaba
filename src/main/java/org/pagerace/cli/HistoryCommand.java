package org.pagerace.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.pagerace.results.Json;
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
    /** history.json's schema and version. */
    static final String SCHEMA = "pagerace-history";
    static final int VERSION = 2;
    static final String FILE = "history.json";

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
            folder.writeJson(FILE, document(replays, awaiting));
            System.out.println("wrote " + folder.file(FILE));
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

    private ObjectNode document(List<Replay> replays, List<Bug> awaiting) {
        ObjectNode doc = Json.document(SCHEMA, VERSION);
        doc.put("bound", bound);
        doc.put("seconds_per_model", seconds);
        doc.put("seed", seed);
        ArrayNode arr = doc.putArray("bugs");
        for (Replay r : replays) {
            ObjectNode n = bug(arr.addObject(), r.bug());
            n.put("status", r.holds() ? "holds" : "fails");
            ArrayNode problems = n.putArray("problems");
            r.problems().forEach(problems::add);
            ObjectNode before = side(n.putObject("before"), r.before());
            Trace t = r.shortest();
            before.put("reached", t != null);
            if (t != null) {
                before.put("preemptions", t.preemptions());
                before.put("steps", t.steps().size());
                before.put("schedule", t.schedule());
                before.put("command", r.command());
            }
            if (r.before().run() != null) {
                Replay.FreeRun run = r.before().run();
                ObjectNode fr = before.with("free_run");
                fr.put("detections", run.count(r.bug().expected()));
                fr.put("rate_per_s", Math.round(run.rate(r.bug().expected()) * 10) / 10.0);
                double first = run.expectedSecondsToFirst(r.bug().expected());
                if (Double.isInfinite(first)) {
                    fr.putNull("expected_seconds_to_first");
                } else {
                    fr.put("expected_seconds_to_first", Double.parseDouble(String.format("%.4g", first)));
                }
                if (Double.isNaN(run.firstSeconds())) {
                    fr.putNull("first_seen_seconds");
                } else {
                    fr.put("first_seen_seconds", Double.parseDouble(String.format("%.4g", run.firstSeconds())));
                }
            }
            ObjectNode after = side(n.putObject("after"), r.after());
            ArrayNode bugIds = after.putArray("bug_outcomes");
            r.after().exploration().bugIds().forEach(bugIds::add);
            if (r.after().run() != null) {
                after.with("free_run").put("bug_samples", r.after().run().bugs());
            }
        }
        for (Bug b : awaiting) {
            bug(arr.addObject(), b).put("status", "awaiting-model");
        }
        ArrayNode not = doc.putArray("not_replayed");
        for (HistoryTable.NotReplayed nr : HistoryTable.NOT_REPLAYED) {
            ObjectNode n = not.addObject();
            n.put("id", nr.id());
            n.put("fs", nr.fs());
            n.put("needs", nr.needs());
        }
        return doc;
    }

    private static ObjectNode bug(ObjectNode n, Bug b) {
        n.put("id", b.id());
        n.put("fs", b.fs());
        n.put("commit", b.commit());
        n.put("title", b.title());
        n.put("hash_confirmed", b.hashConfirmed());
        n.put("partner", b.partner().id());
        n.put("actors", b.actors());
        n.put("expected", b.expected().id());
        n.put("before_model", b.before());
        n.put("after_model", b.after());
        n.put("block_size", b.blockSize());
        return n;
    }

    private static ObjectNode side(ObjectNode n, Replay.Side s) {
        n.put("model", s.model().id());
        n.put("era", s.era().id());
        n.put("interleavings", s.exploration().interleavings());
        n.put("complete", s.exploration().complete());
        ObjectNode outcomes = n.putObject("outcomes");
        s.exploration().outcomes().forEach(outcomes::put);
        if (s.run() != null) {
            ObjectNode fr = n.putObject("free_run");
            fr.put("samples", s.run().samples());
            fr.put("seconds", Math.round(s.run().seconds() * 1000) / 1000.0);
            ObjectNode h = fr.putObject("histogram");
            for (Map.Entry<Outcome, Long> e : s.run().histogram().entrySet()) {
                h.put(e.getKey().id(), e.getValue());
            }
        }
        return n;
    }
}

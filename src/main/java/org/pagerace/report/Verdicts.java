package org.pagerace.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import org.pagerace.results.StressFile;

/**
 * The verdict of one stress test as a matrix cell, and the order of conventions and races in matrices (the
 * project's own order, then any other id in the order met).
 */
public final class Verdicts {
    private Verdicts() {
    }

    /**
     * {@code clean}; the known bug(s) reproduced with their rates; {@code MISSED} and the bugs not reproduced;
     * for a FAIL, each bug outcome with its rate, marked {@code FAIL} (not known for the pair) or {@code known};
     * {@code ERROR}.
     */
    public static ReportDoc.Cell cell(StressFile.Test t) {
        switch (t.status()) {
            case "PASS":
                return new ReportDoc.Cell("clean", ReportDoc.Tone.CLEAN);
            case "KNOWN_BUG":
                return new ReportDoc.Cell(rates(t), ReportDoc.Tone.KNOWN);
            case "MISSED_BUG":
                return new ReportDoc.Cell("MISSED " + String.join(", ", t.bugsMissed()), ReportDoc.Tone.MISSED);
            case "FAIL":
                List<String> parts = new ArrayList<>();
                for (String b : t.bugsSeen()) {
                    boolean known = t.expectedBugs().contains(b);
                    parts.add((known ? "known: " : "FAIL: ") + b + " " + Fmt.percent(t.rate(b)));
                }
                return new ReportDoc.Cell(String.join("\n", parts), ReportDoc.Tone.FAIL);
            default:
                return new ReportDoc.Cell("ERROR" + (t.samples() == 0 ? " (no samples)" : ""), ReportDoc.Tone.ERROR);
        }
    }

    private static String rates(StressFile.Test t) {
        List<String> parts = new ArrayList<>();
        for (String b : t.bugsSeen()) {
            parts.add(b + " " + Fmt.percent(t.rate(b)));
        }
        return String.join("\n", parts);
    }

    /** The tone a status reads as. */
    public static ReportDoc.Tone tone(String status) {
        switch (status) {
            case "PASS": return ReportDoc.Tone.CLEAN;
            case "KNOWN_BUG": return ReportDoc.Tone.KNOWN;
            case "MISSED_BUG": return ReportDoc.Tone.MISSED;
            case "FAIL": return ReportDoc.Tone.FAIL;
            default: return ReportDoc.Tone.ERROR;
        }
    }

    /**
     * The distinct ids among {@code ids}, in the order they first appear: a run writes its tests in the project's
     * order (filesystems, then their versions oldest first; races as {@code pagerace races} lists them), so the
     * report keeps it without asking today's jar.
     */
    public static List<String> inOrder(Collection<String> ids) {
        return new ArrayList<>(new LinkedHashSet<>(ids));
    }

    /** The legend under a matrix, as a table whose cells carry the tones they explain. */
    public static void legend(ReportDoc doc) {
        doc.table(List.of("clean", "known bug reproduced", "MISSED", "FAIL", "ERROR", "not run"), List.of(List.of(
                new ReportDoc.Cell("no bug outcome, none expected", ReportDoc.Tone.CLEAN),
                new ReportDoc.Cell("each known bug with its rate (share of samples)", ReportDoc.Tone.KNOWN),
                new ReportDoc.Cell("the pair's known bugs did not appear: lost detection power", ReportDoc.Tone.MISSED),
                new ReportDoc.Cell("a bug outcome not known for the pair (for a convention believed correct: a bug)",
                        ReportDoc.Tone.FAIL),
                new ReportDoc.Cell("JCStress error, no samples, or an outcome the oracle does not define",
                        ReportDoc.Tone.ERROR),
                new ReportDoc.Cell("not in this run", ReportDoc.Tone.DIM))));
    }
}

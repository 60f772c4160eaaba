package org.pagerace.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.pagerace.check.Outcome;
import org.pagerace.mm.PageSize;
import org.pagerace.results.StressFile;
import org.pagerace.results.TestKey;

/** The stress part of a report: the verdict matrices, detection rates and times, and every test's outcome counts. */
final class StressSection {
    private StressSection() {
    }

    static void matrix(ReportDoc doc, StressFile stress) {
        Set<String> backings = new LinkedHashSet<>();
        Set<String> eras = new TreeSet<>();
        for (TestKey k : stress.byKey().keySet()) {
            backings.add(k.backing());
            eras.add(k.era());
        }
        List<String> conventions = conventionOrder(stress);
        List<String> races = raceOrder(stress);
        for (String era : eras) {
            for (String backing : backingOrder(backings)) {
                List<String> header = new ArrayList<>();
                header.add("convention \\ race");
                header.addAll(races);
                List<List<ReportDoc.Cell>> rows = new ArrayList<>();
                for (String c : conventions) {
                    List<ReportDoc.Cell> row = new ArrayList<>();
                    row.add(ReportDoc.Cell.of(c));
                    boolean any = false;
                    for (String r : races) {
                        StressFile.Test t = stress.byKey().get(new TestKey(c, r, backing, era, PageSize.PAGE_SIZE));
                        any |= t != null;
                        row.add(t == null ? new ReportDoc.Cell("not run", ReportDoc.Tone.DIM) : Verdicts.cell(t));
                    }
                    if (any) {
                        rows.add(row);
                    }
                }
                if (!rows.isEmpty()) {
                    doc.heading(2, backing + " backing" + (eras.size() > 1 || !"modern".equals(era) ? ", " + era + " era" : ""));
                    doc.table(header, rows);
                }
            }
        }
        Verdicts.legend(doc);
        Map<String, Long> counts = new java.util.TreeMap<>();
        stress.tests().forEach(t -> counts.merge(t.status(), 1L, Long::sum));
        doc.text(String.format(Locale.ROOT, "%d tests in %s mode, %s era, delay injection %s, %s wall time: %s.",
                stress.tests().size(), stress.mode(), stress.era(), stress.delayInjection() ? "on" : "off",
                Fmt.duration(stress.wallSeconds()), counts.toString().replaceAll("[{}]", "").replace("=", " ")));
    }

    /**
     * Per bug outcome seen or missed: count, rate with its exact 95 % interval, samples per second, and the expected
     * time to the first detection (1 / (rate × samples per second)); for a missed bug, the upper bound of its rate
     * and so a lower bound on that time.
     */
    static void detection(ReportDoc doc, StressFile stress) {
        List<List<ReportDoc.Cell>> rows = new ArrayList<>();
        Set<String> meanings = new LinkedHashSet<>();
        for (StressFile.Test t : sorted(stress)) {
            for (String bug : t.bugsSeen()) {
                long k = t.count(bug);
                double[] ci = Significance.rateInterval(k, t.samples());
                double ttfd = t.secondsToFirst().getOrDefault(bug,
                        1 / (t.rate(bug) * t.speed()));
                rows.add(List.of(ReportDoc.Cell.of(t.key().toString()), new ReportDoc.Cell(bug, Verdicts.tone(t.status())),
                        ReportDoc.Cell.of(k + " / " + t.samples()),
                        ReportDoc.Cell.of(Fmt.percent(t.rate(bug)) + " [" + Fmt.percent(ci[0]) + ", " + Fmt.percent(ci[1]) + "]"),
                        ReportDoc.Cell.of(Fmt.sig(t.speed())), ReportDoc.Cell.of(Fmt.duration(ttfd))));
                meanings.add(bug);
            }
            for (String bug : t.bugsMissed()) {
                double[] ci = Significance.rateInterval(0, t.samples());
                rows.add(List.of(ReportDoc.Cell.of(t.key().toString()), new ReportDoc.Cell(bug + " (missed)", ReportDoc.Tone.MISSED),
                        ReportDoc.Cell.of("0 / " + t.samples()), ReportDoc.Cell.of("< " + Fmt.percent(ci[1])),
                        ReportDoc.Cell.of(Fmt.sig(t.speed())),
                        ReportDoc.Cell.of(Double.isNaN(t.speed()) ? "-"
                                : "> " + Fmt.duration(1 / (ci[1] * t.speed())))));
                meanings.add(bug);
            }
        }
        if (rows.isEmpty()) {
            doc.text("No bug outcome seen and none expected.");
            return;
        }
        doc.table(List.of("test", "bug outcome", "samples showing it", "rate [95 % interval]", "samples/s",
                "expected time to first detection"), rows);
        doc.text("Rates are shares of samples with exact (Clopper-Pearson) 95 % intervals; a missed bug's rate is below "
                + "the interval's upper end. Expected time to first detection = 1 / (rate × samples per second of "
                + "JCStress's sampling time); samples per second are unknown (-) in sanity mode.");
        List<String> items = new ArrayList<>();
        for (String m : meanings) {
            items.add("`" + m + "`: " + consequence(m));
        }
        doc.bullets(items);
    }

    static void outcomes(ReportDoc doc, StressFile stress) {
        Set<String> ids = new LinkedHashSet<>();
        for (Outcome o : Outcome.values()) {
            if (stress.tests().stream().anyMatch(t -> t.count(o.id()) > 0)) {
                ids.add(o.id());
            }
        }
        stress.tests().forEach(t -> ids.addAll(t.outcomes().keySet()));
        List<String> header = new ArrayList<>(List.of("test", "status", "samples"));
        header.addAll(ids);
        List<List<ReportDoc.Cell>> rows = new ArrayList<>();
        for (StressFile.Test t : sorted(stress)) {
            List<ReportDoc.Cell> row = new ArrayList<>();
            row.add(ReportDoc.Cell.of(t.key().toString()));
            row.add(new ReportDoc.Cell(t.status(), Verdicts.tone(t.status())));
            row.add(ReportDoc.Cell.of(String.valueOf(t.samples())));
            for (String id : ids) {
                row.add(ReportDoc.Cell.of(t.count(id) == 0 ? "" : String.valueOf(t.count(id))));
            }
            rows.add(row);
        }
        doc.table(header, rows);
    }

    /** model before file, then anything else. */
    static List<String> backingOrder(Set<String> backings) {
        List<String> out = new ArrayList<>();
        for (String b : List.of("model", "file")) {
            if (backings.contains(b)) {
                out.add(b);
            }
        }
        backings.stream().filter(b -> !out.contains(b)).forEach(out::add);
        return out;
    }

    private static List<String> conventionOrder(StressFile stress) {
        return Verdicts.inOrder(stress.tests().stream().map(StressFile.Test::model).toList());
    }

    private static List<String> raceOrder(StressFile stress) {
        return Verdicts.inOrder(stress.tests().stream().map(StressFile.Test::race).toList());
    }

    static List<StressFile.Test> sorted(StressFile stress) {
        List<String> conv = conventionOrder(stress);
        List<String> races = raceOrder(stress);
        List<StressFile.Test> out = new ArrayList<>(stress.tests());
        out.sort(java.util.Comparator.comparingInt((StressFile.Test t) -> conv.indexOf(t.key().model()))
                .thenComparingInt(t -> races.indexOf(t.key().race())).thenComparing(t -> t.key().backing())
                .thenComparing(t -> t.key().era()));
        return out;
    }

    static String consequence(String outcome) {
        for (Outcome o : Outcome.values()) {
            if (o.id().equals(outcome)) {
                return o.consequence();
            }
        }
        return "an outcome this version of the oracle does not define.";
    }
}

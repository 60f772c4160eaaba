package org.pagerace.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pagerace.results.BenchSummaryFile;
import org.pagerace.results.Estimate;
import org.pagerace.results.Regression;
import org.pagerace.results.StressFile;
import org.pagerace.results.TruthFile;

/**
 * One report over run folders gathered from several hosts: a matrix of host × kernel × filesystem (columns) against
 * convention (rows), the same per (convention, race), the retry/locked ratios side by side, and the tests whose
 * grading does not hold. Each column is one run folder, labelled by its env.json.
 */
public final class MergeReport {
    private static final List<String> WORST_FIRST = List.of("ERROR", "FAIL", "MISSED_BUG", "KNOWN_BUG", "PASS");

    private final List<RunData> runs;

    public MergeReport(List<RunData> runs) {
        this.runs = List.copyOf(runs);
    }

    /** {@code host / kernel / fs}, plus the era and mode when they are not the defaults. */
    public static String label(RunData r) {
        String era = r.stress().map(StressFile::era).orElse("modern");
        return r.env("host") + " / " + r.env("kernel") + " / " + r.env("fs_type")
                + ("modern".equals(era) ? "" : " / " + era);
    }

    /**
     * The tests whose grading does not hold in some run: FAIL and ERROR always, MISSED_BUG outside sanity mode
     * (where a few samples cannot be expected to show a bug), as regressions naming the run.
     */
    public List<Regression> problems() {
        List<Regression> out = new ArrayList<>();
        for (RunData r : runs) {
            if (r.stress().isEmpty()) {
                continue;
            }
            for (StressFile.Test t : StressSection.sorted(r.stress().get())) {
                boolean missed = "MISSED_BUG".equals(t.status()) && !"sanity".equals(r.stress().get().mode());
                if ("FAIL".equals(t.status()) || "ERROR".equals(t.status()) || missed) {
                    out.add(new Regression("ERROR".equals(t.status()) ? Regression.Kind.ERROR
                            : missed ? Regression.Kind.LOST_DETECTION : Regression.Kind.BUG, t.key().model(),
                            t.key().race(), t.key().backing(), t.status() + " on " + label(r)
                            + (t.bugsSeen().isEmpty() ? "" : ": " + String.join(", ", t.bugsSeen()))
                            + (missed ? ": missed " + String.join(", ", t.bugsMissed()) : "")));
                }
            }
        }
        return out;
    }

    public ReportDoc build(List<Regression> againstBaseline, boolean baselineCompared) {
        ReportDoc doc = new ReportDoc("pagerace merged report: " + runs.size() + " runs");
        List<String> items = new ArrayList<>();
        for (RunData r : runs) {
            items.add("`" + r.dir() + "`: " + EnvSection.oneLine(r) + "; stress "
                    + r.stress().map(s -> s.tests().size() + " tests, " + s.mode() + " mode").orElse("not run")
                    + "; benchmarks " + r.bench().map(b -> b.size() + " scores").orElse("not run")
                    + "; real kernel " + r.truth().map(t -> t.results().size() + " rows").orElse("not run") + ".");
        }
        doc.bullets(items);

        List<Regression> problems = problems();
        doc.heading(1, "Tests whose grading does not hold");
        if (problems.isEmpty()) {
            doc.text("**None**: every test is clean or reproduces its known bugs.");
        } else {
            List<String> p = new ArrayList<>();
            problems.forEach(x -> p.add(x.toString()));
            doc.bullets(p);
        }
        if (baselineCompared) {
            doc.heading(1, "Differences against the baseline");
            if (againstBaseline.isEmpty()) {
                doc.text("**No regression** in any run.");
            } else {
                List<String> p = new ArrayList<>();
                againstBaseline.forEach(x -> p.add(x.kind() + " " + x));
                doc.bullets(p);
            }
        }

        List<RunData> stressRuns = runs.stream().filter(r -> r.stress().isPresent()).toList();
        doc.heading(1, "Matrix: convention × host / kernel / filesystem");
        if (stressRuns.isEmpty()) {
            doc.text("Stress tests: not run in any folder.");
        } else {
            conventionMatrix(doc, stressRuns);
            raceMatrix(doc, stressRuns);
            Verdicts.legend(doc);
        }
        ratios(doc);
        List<TruthFile> truths = runs.stream().flatMap(r -> r.truth().stream()).toList();
        doc.heading(1, "Real kernel: kernel × filesystem");
        if (truths.isEmpty()) {
            doc.text("Not run in any folder (no " + TruthFile.SCHEMA.fileName() + ").");
        } else {
            TruthSection.matrix(doc, truths);
        }
        return doc;
    }

    private void conventionMatrix(ReportDoc doc, List<RunData> stressRuns) {
        Set<String> conventions = new LinkedHashSet<>();
        stressRuns.forEach(r -> r.stress().get().byKey().keySet().forEach(k -> conventions.add(k.model())));
        List<String> header = new ArrayList<>(List.of("convention"));
        stressRuns.forEach(r -> header.add(label(r)));
        List<List<ReportDoc.Cell>> rows = new ArrayList<>();
        for (String c : Verdicts.inOrder(conventions)) {
            List<ReportDoc.Cell> row = new ArrayList<>(List.of(ReportDoc.Cell.of(c)));
            for (RunData r : stressRuns) {
                Map<String, List<String>> byStatus = new LinkedHashMap<>();
                r.stress().get().tests().stream().filter(t -> t.key().model().equals(c))
                        .forEach(t -> byStatus.computeIfAbsent(t.status(), s -> new ArrayList<>())
                                .add(t.key().race() + "/" + t.key().backing()));
                row.add(summaryCell(byStatus));
            }
            rows.add(row);
        }
        doc.text("Per convention, how many of its (race, backing) tests came out each way, with the races named "
                + "where the grading does not hold:");
        doc.table(header, rows);
    }

    private static ReportDoc.Cell summaryCell(Map<String, List<String>> byStatus) {
        if (byStatus.isEmpty()) {
            return new ReportDoc.Cell("not run", ReportDoc.Tone.DIM);
        }
        List<String> lines = new ArrayList<>();
        String worst = null;
        for (String s : WORST_FIRST) {
            List<String> tests = byStatus.get(s);
            if (tests == null) {
                continue;
            }
            worst = worst == null ? s : worst;
            boolean bad = s.equals("ERROR") || s.equals("FAIL") || s.equals("MISSED_BUG");
            lines.add(tests.size() + " " + word(s) + (bad ? ": " + String.join(", ", tests) : ""));
        }
        return new ReportDoc.Cell(String.join("\n", lines), Verdicts.tone(worst));
    }

    private static String word(String status) {
        switch (status) {
            case "PASS": return "clean";
            case "KNOWN_BUG": return "known bug";
            case "MISSED_BUG": return "MISSED";
            default: return status;
        }
    }

    private void raceMatrix(ReportDoc doc, List<RunData> stressRuns) {
        Set<String> conventions = new LinkedHashSet<>();
        Set<String> races = new LinkedHashSet<>();
        stressRuns.forEach(r -> r.stress().get().byKey().keySet().forEach(k -> {
            conventions.add(k.model());
            races.add(k.race());
        }));
        List<String> header = new ArrayList<>(List.of("convention", "race"));
        stressRuns.forEach(r -> header.add(label(r)));
        List<List<ReportDoc.Cell>> rows = new ArrayList<>();
        for (String c : Verdicts.inOrder(conventions)) {
            for (String race : Verdicts.inOrder(races)) {
                List<ReportDoc.Cell> row = new ArrayList<>(List.of(ReportDoc.Cell.of(c), ReportDoc.Cell.of(race)));
                boolean any = false;
                for (RunData r : stressRuns) {
                    List<StressFile.Test> tests = r.stress().get().tests().stream()
                            .filter(t -> t.key().model().equals(c) && t.key().race().equals(race)).toList();
                    any |= !tests.isEmpty();
                    row.add(backingsCell(tests));
                }
                if (any) {
                    rows.add(row);
                }
            }
        }
        doc.heading(2, "Per (convention, race)");
        doc.text("Each cell: the verdict per backing (model, then file: the file backing is the one on that "
                + "filesystem).");
        doc.table(header, rows);
    }

    private static ReportDoc.Cell backingsCell(List<StressFile.Test> tests) {
        if (tests.isEmpty()) {
            return new ReportDoc.Cell("not run", ReportDoc.Tone.DIM);
        }
        List<String> lines = new ArrayList<>();
        String worst = "PASS";
        for (String b : List.of("model", "file")) {
            for (StressFile.Test t : tests) {
                if (t.key().backing().equals(b)) {
                    lines.add(b + ": " + Verdicts.cell(t).text().replace("\n", "; "));
                    if (WORST_FIRST.indexOf(t.status()) < WORST_FIRST.indexOf(worst)) {
                        worst = t.status();
                    }
                }
            }
        }
        return new ReportDoc.Cell(String.join("\n", lines), Verdicts.tone(worst));
    }

    private void ratios(ReportDoc doc) {
        List<RunData> benchRuns = runs.stream().filter(r -> r.bench().isPresent()).toList();
        doc.heading(1, "Retry / locked per host");
        if (benchRuns.isEmpty()) {
            doc.text("Benchmarks: not run in any folder.");
            return;
        }
        Map<String, Map<RunData, Estimate>> table = new LinkedHashMap<>();
        for (RunData r : benchRuns) {
            for (BenchSummaryFile.Ratio ratio : r.summary().map(BenchSummaryFile::retryOverLocked).orElse(List.of())) {
                table.computeIfAbsent(ratio.convention() + " (" + ratio.backing() + ")", k -> new LinkedHashMap<>())
                        .put(r, ratio.value());
            }
        }
        List<String> header = new ArrayList<>(List.of("convention (backing)"));
        benchRuns.forEach(r -> header.add(label(r)));
        List<List<ReportDoc.Cell>> rows = new ArrayList<>();
        table.forEach((k, byRun) -> {
            List<ReportDoc.Cell> row = new ArrayList<>(List.of(ReportDoc.Cell.of(k)));
            benchRuns.forEach(r -> row.add(ReportDoc.Cell.of(byRun.getOrDefault(r, Estimate.NONE).format())));
            rows.add(row);
        });
        doc.table(header, rows);
    }
}

package org.pagerace.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.pagerace.results.ExploreFile;
import org.pagerace.results.JmhResult;
import org.pagerace.results.StressFile;
import org.pagerace.results.TruthFile;

/**
 * Assembles the report of one run folder: a summary, the differences against the baseline, the verdict matrix,
 * detection rates and times, benchmarks, the real-vs-emulated table, exploration, the environment and every test's
 * outcome counts. A part whose results file is absent says "not run".
 */
public final class ReportBuilder {
    private ReportBuilder() {
    }

    /** The report of {@code run}, compared with {@code baseline} when there is one. */
    public static ReportDoc build(RunData run, Optional<RunData> baseline, Optional<BaselineComparison> comparison) {
        ReportDoc doc = new ReportDoc("pagerace report: " + run.dir().getFileName());
        doc.bullets(summary(run, baseline, comparison));

        doc.heading(1, "Verdict matrix");
        if (run.stress().isPresent()) {
            StressSection.matrix(doc, run.stress().get());
        } else {
            doc.text("Stress tests: not run (no " + StressFile.SCHEMA.fileName() + ").");
        }

        doc.heading(1, "Findings: differences against the baseline");
        if (baseline.isEmpty() || comparison.isEmpty()) {
            doc.text("No baseline: nothing compared.");
        } else {
            BaselineSection.add(doc, baseline.get(), comparison.get());
        }

        doc.heading(1, "Detection rates and time to first detection");
        if (run.stress().isPresent()) {
            StressSection.detection(doc, run.stress().get());
        } else {
            doc.text("Not run.");
        }

        doc.heading(1, "Benchmarks (JMH)");
        if (run.bench().isPresent()) {
            BenchSection.add(doc, run.bench().get(), run.summary(), run.charts(), run.dir());
        } else {
            doc.text("Not run (no " + JmhResult.FILE + ").");
            run.charts().forEach(c -> doc.image(c, c.getFileName().toString()));
        }

        doc.heading(1, "Real kernel vs emulation");
        if (run.truth().isPresent()) {
            TruthSection.add(doc, run.truth().get());
        } else {
            doc.text("Not run (no " + TruthFile.SCHEMA.fileName() + ").");
        }

        doc.heading(1, "Interleaving exploration");
        if (run.explore().isPresent()) {
            ExploreSection.add(doc, run.explore().get(), run.dir());
        } else {
            doc.text("Not run (no " + ExploreFile.SCHEMA.fileName() + ").");
        }

        doc.heading(1, "Environment");
        EnvSection.add(doc, run);

        if (run.stress().isPresent()) {
            doc.heading(1, "Outcome counts per test");
            StressSection.outcomes(doc, run.stress().get());
        }

        if (baseline.isPresent() && comparison.isPresent()) {
            doc.heading(1, "How differences are decided");
            BaselineSection.method(doc, comparison.get());
        }
        return doc;
    }

    private static List<String> summary(RunData run, Optional<RunData> baseline, Optional<BaselineComparison> c) {
        List<String> items = new ArrayList<>();
        items.add("Run folder `" + run.dir() + "`: " + EnvSection.oneLine(run) + ".");
        if (run.stress().isPresent()) {
            Map<String, Long> counts = new TreeMap<>();
            run.stress().get().tests().forEach(t -> counts.merge(t.status(), 1L, Long::sum));
            items.add("Stress: " + run.stress().get().tests().size() + " tests (" + run.stress().get().mode() + " mode): "
                    + counts.toString().replaceAll("[{}]", "").replace("=", " ") + ".");
        } else {
            items.add("Stress: not run.");
        }
        items.add("Benchmarks: " + run.bench().map(b -> b.size() + " JMH scores.").orElse("not run."));
        items.add("Real kernel: " + run.truth().map(t -> t.results().size() + " (filesystem, race) rows.").orElse("not run."));
        items.add("Exploration: " + run.explore().map(e -> e.tests().size() + " tests.").orElse("not run."));
        if (baseline.isPresent() && c.isPresent()) {
            items.add(c.get().regressions().isEmpty() ? "**No regression** against the baseline."
                    : "**" + c.get().regressions().size() + " regression(s)** against the baseline.");
        } else {
            items.add("No baseline: nothing compared.");
        }
        return items;
    }
}

package org.pagerace.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pagerace.bench.BenchCharts;
import org.pagerace.results.BenchSummaryFile;
import org.pagerace.results.JmhResult;

/**
 * The benchmark part of a report: JMH's scores with errors; retry/locked and emulated/real from the benchmark
 * summary (one definition each, {@link BenchSummaryFile}); the charts of the run folder, or drawn here by the same
 * chart code when the folder has none.
 */
final class BenchSection {
    private BenchSection() {
    }

    static void add(ReportDoc doc, List<JmhResult> bench, Optional<BenchSummaryFile> summary, List<Path> charts,
            Path dir) {
        List<List<ReportDoc.Cell>> rows = new ArrayList<>();
        for (JmhResult s : bench) {
            StringBuilder params = new StringBuilder();
            s.params().forEach((k, v) -> params.append(params.length() == 0 ? "" : ", ").append(k).append('=').append(v));
            StringBuilder secondary = new StringBuilder();
            s.secondary().forEach((k, v) -> secondary.append(secondary.length() == 0 ? "" : ", ").append(k).append('=')
                    .append(Fmt.sig(v.score())));
            rows.add(List.of(ReportDoc.Cell.of(s.shortName()), ReportDoc.Cell.of(params.toString()),
                    ReportDoc.Cell.of(s.mode()), ReportDoc.Cell.of(s.primary().estimate().format()),
                    ReportDoc.Cell.of(s.primary().unit()), ReportDoc.Cell.of(secondary.toString())));
        }
        doc.heading(2, "Scores");
        doc.table(List.of("benchmark", "parameters", "mode", "score ± error", "unit", "secondary metrics"), rows);
        doc.text("Errors are JMH's: the half-width of the 99.9 % confidence interval over iterations and forks "
                + "(n/a where JMH could not compute one, e.g. a single iteration).");

        doc.heading(2, "Ratios");
        if (summary.isEmpty()) {
            doc.text("No result of pagerace's own benchmarks (org.pagerace.bench.*): no ratio.");
        } else {
            ratios(doc, summary.get());
        }

        doc.heading(2, "Charts");
        if (!charts.isEmpty()) {
            for (Path c : charts) {
                doc.image(c, c.getFileName().toString());
            }
        } else {
            List<String> drawn = summary.map(s -> BenchCharts.draw(s, dir, RunData.OWN_CHART_PREFIX)).orElse(List.of());
            if (drawn.isEmpty()) {
                doc.text("No chart: nothing of pagerace's benchmarks to draw.");
            }
            drawn.forEach(name -> doc.image(dir.resolve(name), name));
        }
    }

    private static void ratios(ReportDoc doc, BenchSummaryFile s) {
        List<List<ReportDoc.Cell>> rows = new ArrayList<>();
        for (BenchSummaryFile.Ratio r : s.retryOverLocked()) {
            rows.add(List.of(ReportDoc.Cell.of(r.convention()), ReportDoc.Cell.of(r.backing()),
                    ReportDoc.Cell.of(r.value().format()),
                    ReportDoc.Cell.of(r.paired() ? "paired (RetryPriceBenchmark)" : "unpaired (FaultCostBenchmark)")));
        }
        if (rows.isEmpty()) {
            doc.text("No convention has both a locked and a retry path measured: no retry/locked ratio.");
        } else {
            doc.table(List.of("model", "backing", "retry / locked", "measured"), rows);
        }
        doc.text("retry / locked is the retry store's time over the locked store's, net of the re-arm: the re-arm is "
                + "the benchmark's own work that puts the page back into the state a write fault starts from, not part "
                + "of the fault, and a gross ratio would include it in both paths and pull every ratio towards 1. The "
                + "paired measurement (both stores timed in one operation, so the host's drift cancels) is shown where "
                + "it ran, else the unpaired one (each path in forks of its own, the re-arm measured beside it "
                + "subtracted). A convention whose retry ends in SIGBUS has no retry path and no ratio. Errors: 99.9 % "
                + "half-widths, combined in quadrature.");
        List<List<ReportDoc.Cell>> paired = new ArrayList<>();
        for (BenchSummaryFile.RetryPrice p : s.retryPrice()) {
            paired.add(List.of(ReportDoc.Cell.of(p.convention()), ReportDoc.Cell.of(p.backing()),
                    ReportDoc.Cell.of(p.locked().format()), ReportDoc.Cell.of(p.retry().format()),
                    ReportDoc.Cell.of(p.retryEndsInSigbus() ? "no retry path" : p.retryMinusLocked().format())));
        }
        if (!paired.isEmpty()) {
            doc.text("The price of a retry, paired (`RetryPriceBenchmark`):");
            doc.table(List.of("model", "backing", "locked ns", "retry ns", "retry - locked ns"), paired);
        }
        List<List<ReportDoc.Cell>> real = new ArrayList<>();
        for (BenchSummaryFile.EmulatedOverReal e : s.emulatedOverReal()) {
            real.add(List.of(ReportDoc.Cell.of(e.convention()), ReportDoc.Cell.of(e.backing()),
                    ReportDoc.Cell.of(e.method()), ReportDoc.Cell.of(e.ratio().format())));
        }
        if (real.isEmpty()) {
            doc.text("The real kernel write fault (`KernelReferenceBenchmark.realFault`) did not run: no "
                    + "emulated/real ratio.");
        } else {
            doc.text("Emulated locked fault (net of the re-arm) over the real kernel write fault of the same run (its "
                    + "timed store, re-armed by the method named):");
            doc.table(List.of("model", "backing", "real fault re-armed by", "emulated / real"), real);
        }
        if (!s.warnings().isEmpty()) {
            doc.text("Warnings of the bench run:");
            doc.bullets(s.warnings());
        }
    }
}

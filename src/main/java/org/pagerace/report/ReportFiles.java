package org.pagerace.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.pagerace.results.Regression;
import org.pagerace.results.ReportFile;
import org.pagerace.results.RunFolder;

/**
 * Writes a report into a folder: {@code report.md}, {@code report.html} (self-contained) and {@code report.json}
 * ({@link ReportFile}: the regressions and other differences, for CI), each through a temporary name and a
 * rename.
 */
public final class ReportFiles {
    private ReportFiles() {
    }

    public static void write(Path dir, ReportDoc doc, ReportFile json) {
        RunFolder folder = RunFolder.open(dir);
        folder.writeText("report.md", MarkdownRenderer.render(doc));
        folder.writeText("report.html", HtmlRenderer.render(doc));
        folder.write(json);
    }

    /** The report.json of one run compared with {@code baseline} (null fields where there is none). */
    public static ReportFile json(RunData run, Optional<RunData> baseline, Optional<BaselineComparison> c) {
        ReportFile.Method method = c.map(x -> new ReportFile.Method(BaselineComparison.ALPHA, "holm",
                "exact conditional binomial (two Poisson rates), averaged over a log-normal between-run ratio of "
                        + "spread tau", Double.isNaN(x.spread()) ? null : Math.round(x.spread() * 1000) / 1000.0,
                BaselineComparison.MIN_SPREAD, x.spreadPairs(), x.ratesCompared(), x.rateTests().size(),
                x.scores().size(), BaselineComparison.JMH_RELATIVE_PERCENT)).orElse(null);
        return new ReportFile(run.dir().toString(), null, baseline.map(b -> b.dir().toString()).orElse(null),
                c.map(BaselineComparison::regressions).orElse(List.of()),
                c.map(BaselineComparison::notes).orElse(List.of()), method);
    }

    /** The report.json of a merged report: the run folders, and every test that does not hold or regressed. */
    public static ReportFile mergedJson(List<RunData> runs, Optional<RunData> baseline, List<Regression> regressions) {
        return new ReportFile(null, runs.stream().map(r -> r.dir().toString()).toList(),
                baseline.map(b -> b.dir().toString()).orElse(null), regressions, null, null);
    }
}

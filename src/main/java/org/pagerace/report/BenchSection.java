package org.pagerace.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The benchmark part of a report: JMH's scores with errors, the ratios, and the charts. */
final class BenchSection {
    private BenchSection() {
    }

    static void add(ReportDoc doc, JmhFile bench, Optional<JsonNode> summary, List<Path> charts, Path dir) {
        List<List<ReportDoc.Cell>> rows = new ArrayList<>();
        for (JmhScore s : bench.scores()) {
            StringBuilder params = new StringBuilder();
            s.params().forEach((k, v) -> params.append(params.length() == 0 ? "" : ", ").append(k).append('=').append(v));
            StringBuilder secondary = new StringBuilder();
            s.secondary().forEach((k, v) -> secondary.append(secondary.length() == 0 ? "" : ", ").append(k).append('=')
                    .append(Fmt.sig(v)));
            rows.add(List.of(ReportDoc.Cell.of(s.shortName()), ReportDoc.Cell.of(params.toString()),
                    ReportDoc.Cell.of(s.mode()), ReportDoc.Cell.of(new Estimate(s.score(), s.error()).format()),
                    ReportDoc.Cell.of(s.unit()), ReportDoc.Cell.of(secondary.toString())));
        }
        doc.heading(2, "Scores");
        doc.table(List.of("benchmark", "parameters", "mode", "score ± error", "unit", "secondary metrics"), rows);
        doc.text("Errors are JMH's: the half-width of the 99.9 % confidence interval over iterations and forks "
                + "(- where JMH could not compute one, e.g. a single iteration).");

        BenchRatios ratios = BenchRatios.of(bench.scores());
        doc.heading(2, "Ratios");
        if (ratios.rows().isEmpty()) {
            doc.text("No benchmark names a locked or retry path with a `convention` parameter: no retry/locked ratio.");
        } else {
            List<String> header = new ArrayList<>(List.of("convention", "benchmark and setting", "locked ns/op",
                    "retry ns/op", "retry / locked"));
            for (BenchRatios.Real real : ratios.reals()) {
                header.add("locked / " + real.label());
                header.add("retry / " + real.label());
            }
            List<List<ReportDoc.Cell>> ratioRows = new ArrayList<>();
            for (BenchRatios.Row r : ratios.rows()) {
                List<ReportDoc.Cell> row = new ArrayList<>(List.of(ReportDoc.Cell.of(r.convention()),
                        ReportDoc.Cell.of(r.setting()), ReportDoc.Cell.of(r.locked().format()),
                        ReportDoc.Cell.of(r.retry().format() + (r.retrySigbus() ? " (SIGBUS)" : "")),
                        ReportDoc.Cell.of(r.retrySigbus() ? "no retry path" : r.retryOverLocked().format())));
                for (BenchRatios.Real real : ratios.reals()) {
                    row.add(ReportDoc.Cell.of(r.locked().over(real.ns()).format()));
                    row.add(ReportDoc.Cell.of(r.retrySigbus() ? "-" : r.retry().over(real.ns()).format()));
                }
                ratioRows.add(row);
            }
            doc.table(header, ratioRows);
            doc.text("Gross ratios of JMH scores in ns/op (whatever set-up each operation includes is in both), errors "
                    + "propagated in quadrature from the 99.9 % half-widths. A retry operation whose `sigbus` counter "
                    + "is at least half its `stores` ended in SIGBUS: that convention has no retry path, and no ratio. "
                    + "The real kernel write fault"
                    + (ratios.reals().isEmpty() ? " did not run in this folder: no emulated/real ratio."
                            : " is `realFault` of the same run."));
        }
        summary.ifPresent(s -> summary(doc, s));

        doc.heading(2, "Charts");
        if (!charts.isEmpty()) {
            for (Path c : charts) {
                doc.image(c, c.getFileName().toString());
            }
        } else {
            Map<Path, String> drawn = BenchChart.draw(dir, bench.scores());
            if (drawn.isEmpty()) {
                doc.text("No chart: no locked/retry path and no parameter sweep in the scores.");
            }
            drawn.forEach(doc::image);
        }
    }

    /**
     * What bench-summary.json adds: the paired price of a retry, the net retry/locked ratios (re-arm subtracted)
     * and its warnings.
     */
    private static void summary(ReportDoc doc, JsonNode s) {
        List<List<ReportDoc.Cell>> paired = new ArrayList<>();
        for (JsonNode p : s.path("retry_price")) {
            boolean sigbus = p.path("retry_ends_in_sigbus").asBoolean();
            paired.add(List.of(ReportDoc.Cell.of(p.path("convention").asText("?")),
                    ReportDoc.Cell.of(p.path("backing").asText("")), ReportDoc.Cell.of(estimate(p.path("locked_ns"))),
                    ReportDoc.Cell.of(estimate(p.path("retry_ns"))),
                    ReportDoc.Cell.of(sigbus ? "no retry path" : estimate(p.path("retry_minus_locked_ns"))),
                    ReportDoc.Cell.of(sigbus ? "-" : estimate(p.path("retry_over_locked")))));
        }
        if (!paired.isEmpty()) {
            doc.text("The price of a retry, paired (`RetryPriceBenchmark`: a locked and a retry store timed in the same "
                    + "operation, difference and ratio taken per iteration, so that the host's drift cancels):");
            doc.table(List.of("convention", "backing", "locked ns", "retry ns", "retry - locked ns", "retry / locked"),
                    paired);
        }
        List<List<ReportDoc.Cell>> rows = new ArrayList<>();
        for (JsonNode f : s.path("fault_cost")) {
            JsonNode r = f.path("retry_over_locked");
            if (r.has("value") && !r.path("value").isNull()) {
                rows.add(List.of(ReportDoc.Cell.of(f.path("convention").asText("?")),
                        ReportDoc.Cell.of(f.path("backing").asText("")),
                        ReportDoc.Cell.of(estimate(r))));
            }
        }
        if (!rows.isEmpty()) {
            doc.text("Unpaired, from `FaultCostBenchmark` (each path in forks of its own, the re-arm measured beside it subtracted):");
            doc.table(List.of("convention", "backing", "net retry / locked"), rows);
        }
        List<String> warnings = new ArrayList<>();
        s.path("warnings").forEach(w -> warnings.add(w.asText()));
        if (!warnings.isEmpty()) {
            doc.text("Warnings of the bench run:");
            doc.bullets(warnings);
        }
    }

    /** A {@code {"value", "error"}} node of bench-summary.json as "v ± e", "n/a" where it has no value. */
    private static String estimate(JsonNode n) {
        return n.path("value").isNumber() ? new Estimate(n.path("value").asDouble(),
                n.path("error").isNumber() ? n.path("error").asDouble() : Double.NaN).format() : "n/a";
    }
}

package org.pagerace.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The differences against the baseline: the regressions and other differences (near the top of the report), and
 * how they were decided with the tests behind them (at its end).
 */
final class BaselineSection {
    /** Rate tests listed: the significant ones and at most this many others, smallest p first. */
    private static final int RATE_ROWS = 10;

    private BaselineSection() {
    }

    static void add(ReportDoc doc, RunData baseline, BaselineComparison c) {
        doc.text("Baseline: `" + baseline.dir() + "` (" + EnvSection.oneLine(baseline) + ").");
        if (c.regressions().isEmpty()) {
            doc.text("**No regression.**");
        } else {
            doc.text("**" + c.regressions().size() + " regression(s):**");
            List<String> items = new ArrayList<>();
            c.regressions().forEach(r -> items.add(r.kind() + " " + r));
            doc.bullets(items);
        }
        if (!c.notes().isEmpty()) {
            doc.text("Other differences (not regressions):");
            doc.bullets(c.notes());
        }
        doc.text("How each difference was decided, and every rate and score compared: the last section.");
    }

    /** The method, then the rate tests and score comparisons it made: the end of the report. */
    static void method(ReportDoc doc, BaselineComparison c) {
        String spread = Double.isNaN(c.spread()) ? "not measured here (too few outcomes with "
                + Significance.MIN_COUNT_FOR_SPREAD + " occurrences in both runs)"
                : String.format(Locale.ROOT, "τ = %.2f here (a typical factor of %.2f between the runs' rates), from "
                        + "%d outcomes; the tests allow for τ = %.2f (never less than %.1f)", c.spread(),
                        Math.exp(c.spread()), c.spreadPairs(), c.spreadUsed(), BaselineComparison.MIN_SPREAD);
        doc.bullets(List.of(
                "Rules, where one sample suffices: a bug outcome the baseline did not show, in a test whose baseline "
                        + "status was PASS or that the pair is not known to reproduce (a new FAIL); an ERROR status the "
                        + "baseline did not have. A FAIL or ERROR the baseline already had is listed, not counted again.",
                "Outcome rates, for every outcome of every test of both runs except each test's most frequent one: the "
                        + "exact conditional test of two Poisson rates (given the k_a + k_b samples showing the "
                        + "outcome, k_run is binomial with probability n_run/(n_a + n_b) if the rates are equal), its "
                        + "binomial averaged over a log-normal between-run ratio of the rates with spread τ, two-sided. "
                        + "It covers an outcome that disappeared (a known bug no longer reproduced) or appeared (a new "
                        + "outcome id), and needs no minimum expected count: with fewer than about ten occurrences it "
                        + "cannot reach significance.",
                "Why τ: JCStress samples are not independent draws; timing, the JIT and the scheduler move a race's "
                        + "rates between runs of the same code far beyond binomial noise, and a plain chi-square or "
                        + "z-test flags every rerun. τ is the spread of the log rate ratio between the two runs, "
                        + "estimated from outcomes with at least " + Significance.MIN_COUNT_FOR_SPREAD + " occurrences in "
                        + "both (the value making the median of d²/(v + τ²) equal the median of χ²(1)): " + spread + ". "
                        + "Rates are not compared with fewer than " + Significance.MIN_PAIRS_FOR_SPREAD + " such "
                        + "outcomes, or in sanity mode. If τ exceeds ln " + BaselineComparison.SPREAD_LIMIT_FACTOR
                        + " (most rates moved by a factor " + BaselineComparison.SPREAD_LIMIT_FACTOR + "), that is itself "
                        + "a regression.",
                String.format(Locale.ROOT, "All %d rate tests form one family, corrected with Holm's step-down "
                        + "procedure at family-wise α = %s.", c.rateTests().size(), BaselineComparison.ALPHA),
                "JMH: a score changed if |a − b| exceeds the sum of the two errors (JMH's 99.9 % half-widths), or, "
                        + "where an error is unknown (NaN), if it moved by more than "
                        + BaselineComparison.JMH_RELATIVE_PERCENT + " % of the baseline; either direction (an "
                        + "unexplained speed-up usually means the benchmark stopped doing its work)."));
        rates(doc, c);
        scores(doc, c);
    }

    private static void rates(ReportDoc doc, BaselineComparison c) {
        if (c.rateTests().isEmpty()) {
            return;
        }
        List<BaselineComparison.RateTest> shown = new ArrayList<>(c.rateTests());
        shown.sort(Comparator.comparingDouble(BaselineComparison.RateTest::p));
        List<List<ReportDoc.Cell>> rows = new ArrayList<>();
        int others = 0;
        for (BaselineComparison.RateTest t : shown) {
            if (!t.significant() && others++ >= RATE_ROWS) {
                continue;
            }
            rows.add(List.of(ReportDoc.Cell.of(t.key().toString()), ReportDoc.Cell.of(t.outcome()),
                    ReportDoc.Cell.of(t.baselineCount() + " / " + t.baseline().samples()),
                    ReportDoc.Cell.of(t.runCount() + " / " + t.run().samples()),
                    ReportDoc.Cell.of(Fmt.percent(t.baseline().rate(t.outcome())) + " → "
                            + Fmt.percent(t.run().rate(t.outcome()))),
                    ReportDoc.Cell.of(Fmt.p(t.p())), ReportDoc.Cell.of(Fmt.p(t.adjustedP())),
                    t.significant() ? new ReportDoc.Cell("changed", ReportDoc.Tone.FAIL)
                            : new ReportDoc.Cell("within chance", ReportDoc.Tone.CLEAN)));
        }
        doc.heading(2, "Outcome rates");
        doc.text("The changed rates and the " + Math.min(RATE_ROWS, c.rateTests().size()) + " others with the smallest "
                + "p-values, of " + c.rateTests().size() + " tests:");
        doc.table(List.of("test", "outcome", "baseline", "this run", "rate", "p", "Holm-adjusted p", "verdict"), rows);
    }

    private static void scores(ReportDoc doc, BaselineComparison c) {
        if (c.scores().isEmpty()) {
            return;
        }
        List<List<ReportDoc.Cell>> rows = new ArrayList<>();
        for (BaselineComparison.ScoreChange s : c.scores()) {
            rows.add(List.of(ReportDoc.Cell.of(s.identity()),
                    ReportDoc.Cell.of(s.baseline().primary().estimate().format()),
                    ReportDoc.Cell.of(s.run().primary().estimate().format()),
                    ReportDoc.Cell.of(s.run().primary().unit()),
                    ReportDoc.Cell.of(String.format(Locale.ROOT, "%+.1f %%", 100 * s.relative())),
                    s.changed() ? new ReportDoc.Cell("changed", ReportDoc.Tone.FAIL)
                            : new ReportDoc.Cell("within error", ReportDoc.Tone.CLEAN)));
        }
        doc.heading(2, "Benchmark scores");
        doc.table(List.of("benchmark", "baseline", "this run", "unit", "change", "verdict"), rows);
    }
}

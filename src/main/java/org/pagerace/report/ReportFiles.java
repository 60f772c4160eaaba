package org.pagerace.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Writes a report into a folder: {@code report.md}, {@code report.html} (self-contained) and {@code report.json}
 * (schema {@value #SCHEMA} v{@value #VERSION}: the regressions and other differences, for CI), each through a
 * temporary name and a rename.
 */
public final class ReportFiles {
    public static final String SCHEMA = "pagerace-report";
    public static final int VERSION = 1;

    private ReportFiles() {
    }

    public static void write(Path dir, ReportDoc doc, ObjectNode json) {
        RunFolder folder = RunFolder.open(dir);
        folder.writeText("report.md", MarkdownRenderer.render(doc));
        folder.writeText("report.html", HtmlRenderer.render(doc));
        folder.writeJson("report.json", json);
    }

    /** The report.json of one run compared with {@code baseline} (null fields where there is none). */
    public static ObjectNode json(RunData run, Optional<RunData> baseline, Optional<BaselineComparison> c) {
        ObjectNode doc = Json.document(SCHEMA, VERSION);
        doc.put("run", run.dir().toString());
        if (baseline.isPresent()) {
            doc.put("baseline", baseline.get().dir().toString());
        } else {
            doc.putNull("baseline");
        }
        regressions(doc, c.map(BaselineComparison::regressions).orElse(List.of()));
        ArrayNode notes = doc.putArray("notes");
        c.ifPresent(x -> x.notes().forEach(notes::add));
        c.ifPresent(x -> {
            ObjectNode m = doc.putObject("method");
            m.put("alpha", BaselineComparison.ALPHA);
            m.put("correction", "holm");
            m.put("rate_test", "exact conditional binomial (two Poisson rates), averaged over a log-normal "
                    + "between-run ratio of spread tau");
            if (Double.isNaN(x.spread())) {
                m.putNull("tau");
            } else {
                m.put("tau", Math.round(x.spread() * 1000) / 1000.0);
            }
            m.put("tau_floor", BaselineComparison.MIN_SPREAD);
            m.put("tau_outcomes", x.spreadPairs());
            m.put("rates_compared", x.ratesCompared());
            m.put("rate_tests", x.rateTests().size());
            m.put("scores_compared", x.scores().size());
            m.put("jmh_relative_threshold_percent", BaselineComparison.JMH_RELATIVE_PERCENT);
        });
        return doc;
    }

    /** The report.json of a merged report: the run folders, and every test that does not hold or regressed. */
    public static ObjectNode mergedJson(List<RunData> runs, Optional<RunData> baseline, List<Regression> regressions) {
        ObjectNode doc = Json.document(SCHEMA, VERSION);
        ArrayNode merged = doc.putArray("merged");
        runs.forEach(r -> merged.add(r.dir().toString()));
        if (baseline.isPresent()) {
            doc.put("baseline", baseline.get().dir().toString());
        } else {
            doc.putNull("baseline");
        }
        regressions(doc, regressions);
        return doc;
    }

    private static void regressions(ObjectNode doc, List<Regression> regressions) {
        ArrayNode list = doc.putArray("regressions");
        for (Regression r : regressions) {
            ObjectNode n = list.addObject();
            n.put("kind", r.kind().name());
            n.put("convention", r.convention());
            n.put("race", r.race());
            n.put("backing", r.backing());
            n.put("what", r.what());
        }
    }
}

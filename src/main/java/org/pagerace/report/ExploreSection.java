package org.pagerace.report;

import java.util.ArrayList;
import java.util.List;
import org.pagerace.results.ExploreFile;

/** The exploration part of a report: what was explored completely, the bugs reached with their traces. */
final class ExploreSection {
    private ExploreSection() {
    }

    static void add(ReportDoc doc, ExploreFile explore, java.nio.file.Path dir) {
        List<List<ReportDoc.Cell>> rows = new ArrayList<>();
        List<String> statements = new ArrayList<>();
        for (ExploreFile.Test t : explore.tests()) {
            List<String> outcomes = new ArrayList<>();
            t.outcomes().forEach((k, v) -> outcomes.add(k + " " + v));
            rows.add(List.of(ReportDoc.Cell.of(t.model()), ReportDoc.Cell.of(t.race()), ReportDoc.Cell.of(t.era()),
                    ReportDoc.Cell.of(String.valueOf(t.bound())), ReportDoc.Cell.of(String.valueOf(t.interleavings())),
                    t.complete() ? new ReportDoc.Cell("complete", ReportDoc.Tone.CLEAN)
                            : new ReportDoc.Cell("incomplete", ReportDoc.Tone.MISSED),
                    ReportDoc.Cell.of(String.join("\n", outcomes)),
                    t.bugs().isEmpty() ? new ReportDoc.Cell("none", ReportDoc.Tone.CLEAN)
                            : new ReportDoc.Cell(String.valueOf(t.bugs().size()), ReportDoc.Tone.KNOWN)));
            String test = "(" + t.model() + ", " + t.race() + ", " + t.era() + "): ";
            statements.add(test + (!t.statement().isEmpty() ? t.statement()
                    : t.interleavings() + " interleavings up to bound " + t.bound() + ", "
                            + (t.complete() ? "all of them" : "not all of them (the search stopped early)")));
        }
        doc.table(List.of("model", "race", "era", "bound", "interleavings", "complete", "outcomes", "bugs"), rows);
        doc.heading(2, "Completeness");
        doc.bullets(statements);
        doc.heading(2, "Traces");
        boolean any = false;
        for (ExploreFile.Test t : explore.tests()) {
            for (ExploreFile.Bug b : t.bugs()) {
                any = true;
                StringBuilder sb = new StringBuilder();
                sb.append(b.outcome()).append(" in (").append(t.model()).append(", ").append(t.race()).append(", ")
                        .append(t.era()).append(")\n");
                sb.append("schedule: ").append(b.schedule()).append('\n');
                sb.append("steps: ").append(b.steps()).append('\n');
                if (!b.timeline().isEmpty()) {
                    sb.append(b.timeline()).append('\n');
                }
                if (!b.command().isEmpty()) {
                    sb.append("replay: ").append(b.command()).append('\n');
                }
                doc.pre(sb.toString());
                java.nio.file.Path png = b.png().isEmpty() ? null : dir.resolve(b.png()).normalize();
                if (png != null && png.startsWith(dir.normalize()) && java.nio.file.Files.isRegularFile(png)) {
                    doc.image(png, b.outcome() + " in (" + t.model() + ", " + t.race() + ", " + t.era() + ")");
                }
            }
        }
        if (!any) {
            doc.text("No bug reached: no trace.");
        }
        if (explore.crossCheck() != null && !explore.findings().isEmpty()) {
            doc.heading(2, "Findings");
            doc.bullets(explore.findings().stream().map(f -> "(" + f.model() + ", " + f.race() + ", " + f.era()
                    + ", " + f.backing() + ") " + f.meaning()).toList());
        }
        if (explore.crossCheck() != null && !explore.blindSpots().isEmpty()) {
            doc.heading(2, "Blind spots");
            doc.bullets(explore.blindSpots().stream().map(b -> "(" + b.model() + ", " + b.race() + ", "
                    + b.era() + ") " + b.meaning()).toList());
        }
    }
}

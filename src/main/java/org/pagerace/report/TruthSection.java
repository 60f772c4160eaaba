package org.pagerace.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The real-kernel part of a report: per filesystem and race, real outcomes beside the emulated ones. */
final class TruthSection {
    private TruthSection() {
    }

    static void add(ReportDoc doc, TruthFile truth) {
        doc.text("Real races on real files (" + (truth.kernel().isEmpty() ? "" : "kernel " + truth.kernel() + ", ")
                + truth.rows().size() + " rows), beside the emulated convention that models each filesystem.");
        List<List<ReportDoc.Cell>> rows = new ArrayList<>();
        List<String> interpretations = new ArrayList<>();
        for (TruthFile.Row r : truth.rows()) {
            List<String> mismatches = new ArrayList<>();
            for (TruthFile.Mismatch m : r.mismatches()) {
                mismatches.add(m.summary());
                if (!m.interpretation().isEmpty()) {
                    interpretations.add(r.fsType() + " " + r.race() + ", " + m.summary() + ": " + m.interpretation());
                }
            }
            rows.add(List.of(ReportDoc.Cell.of(r.fsType()), ReportDoc.Cell.of(r.race()),
                    ReportDoc.Cell.of(String.valueOf(r.iterations())), ReportDoc.Cell.of(Fmt.sig(r.iterationsPerSecond())),
                    ReportDoc.Cell.of(Fmt.sig(r.delayNs() / 1000)), ReportDoc.Cell.of(shares(r.outcomes())),
                    ReportDoc.Cell.of(r.convention() == null ? (r.emulatedStatus().isEmpty() ? "none" : r.emulatedStatus())
                            : r.convention() + (r.proxy() ? " (proxy)" : "")),
                    ReportDoc.Cell.of(r.convention() == null ? "-" : shares(r.emulatedAsReal())),
                    r.mismatches().isEmpty() ? new ReportDoc.Cell(r.convention() == null ? "-" : "none", ReportDoc.Tone.CLEAN)
                            : new ReportDoc.Cell(String.join("\n", mismatches), ReportDoc.Tone.MISSED)));
        }
        doc.table(List.of("fs", "race", "iterations", "iterations/s", "delay bound µs", "real outcomes",
                "emulated by", "emulated outcomes (as real)", "mismatches"), rows);
        doc.text("A mismatch is an outcome seen on one side only. Emulated outcomes are mapped to the real ids "
                + "(a bug outcome keeps its id: a real run cannot name it).");
        if (!interpretations.isEmpty()) {
            doc.text("What the mismatches mean:");
            doc.bullets(interpretations);
        }
        if (!truth.failures().isEmpty()) {
            doc.text("Races that could not run:");
            doc.bullets(truth.failures());
        }
    }

    /** {@code ID n (x %)} per outcome, one per line. */
    static String shares(Map<String, Long> counts) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        List<String> parts = new ArrayList<>();
        counts.forEach((k, v) -> parts.add(k + " " + v + (total > 0 ? " (" + Fmt.percent((double) v / total) + ")" : "")));
        return parts.isEmpty() ? "-" : String.join("\n", parts);
    }
}

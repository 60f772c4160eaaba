package org.pagerace.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.pagerace.results.TruthFile;
import org.pagerace.results.TruthFile.Row;
import org.pagerace.truth.TruthResult;

/**
 * The real-kernel part of a report: the kernel x filesystem matrix, then per (kernel, filesystem, race) the real
 * outcomes beside those of the model of that filesystem at that kernel's version.
 */
final class TruthSection {
    private TruthSection() {
    }

    static void add(ReportDoc doc, TruthFile truth) {
        doc.text("Real races on real files (" + truth.results().stream().map(Row::kernel).distinct().count()
                + " kernel(s), " + truth.results().size() + " rows), beside the model of each filesystem at the kernel's "
                + "version.");
        matrix(doc, List.of(truth));
        List<List<ReportDoc.Cell>> rows = new ArrayList<>();
        List<String> interpretations = new ArrayList<>();
        for (Row r : truth.results()) {
            List<String> mismatches = new ArrayList<>();
            for (TruthFile.Mismatch m : r.mismatches()) {
                String summary = m.outcome() + " (" + m.side() + ": real " + m.realCount() + "/" + m.realIterations()
                        + ", emulated " + m.emulatedCount() + "/" + m.emulatedSamples() + ")";
                mismatches.add(summary);
                if (m.interpretation() != null && !m.interpretation().isEmpty()) {
                    interpretations.add(r.kernel() + " " + r.fsType() + " " + r.race() + ", " + summary + ": "
                            + m.interpretation());
                }
            }
            rows.add(List.of(ReportDoc.Cell.of(r.kernel()), ReportDoc.Cell.of(label(r)), ReportDoc.Cell.of(r.race()),
                    ReportDoc.Cell.of(String.valueOf(r.iterations())), ReportDoc.Cell.of(Fmt.sig(r.iterationsPerSecond())),
                    ReportDoc.Cell.of(Fmt.sig(r.delayNs() / 1000.0)), ReportDoc.Cell.of(shares(r.outcomes())),
                    ReportDoc.Cell.of(modelLabel(r)),
                    ReportDoc.Cell.of(r.compared() ? shares(r.emulatedAsReal()) : "-"),
                    r.mismatches().isEmpty() ? new ReportDoc.Cell(r.compared() ? "none" : "-", ReportDoc.Tone.CLEAN)
                            : new ReportDoc.Cell(String.join("\n", mismatches), ReportDoc.Tone.MISSED)));
        }
        doc.table(List.of("kernel", "fs", "race", "iterations", "iterations/s", "delay bound µs", "real outcomes",
                "model", "model outcomes (as real)", "mismatches"), rows);
        doc.text("A mismatch is an outcome seen on one side only. Emulated outcomes are mapped to the real ids "
                + "(a bug outcome keeps its id: a real run cannot name it).");
        if (!interpretations.isEmpty()) {
            doc.text("What the mismatches mean:");
            doc.bullets(interpretations);
        }
        if (!truth.failures().isEmpty()) {
            doc.text("Races that could not run (environment errors, not outcomes):");
            doc.bullets(truth.failures().stream().map(f -> (f.kernel() == null ? "" : f.kernel() + " ") + f.fsType()
                    + " " + f.race() + ": " + f.error()).toList());
        }
        if (truth.guests() != null && !truth.guests().isEmpty()) {
            doc.text("QEMU guests:");
            doc.bullets(truth.guests().stream().map(g -> String.format(Locale.ROOT, "%s (%s, %s): boot %.1f s, "
                    + "racing %.1f s, wall %.1f s, %d rows", g.kernel(), g.source(), g.accel(), g.bootSeconds(),
                    g.racingSeconds(), g.wallSeconds(), g.rows())).toList());
        }
    }

    /**
     * Kernel x filesystem over the rows of {@code files} (one run, or merged runs of hosts and guests): per cell,
     * the races whose real and model outcome sets are equal out of those compared, the model id, and the races
     * whose sets differ.
     */
    static void matrix(ReportDoc doc, List<TruthFile> files) {
        Map<String, Map<String, List<Row>>> cells = new LinkedHashMap<>();
        Set<String> labels = new LinkedHashSet<>();
        for (TruthFile f : files) {
            for (Row r : f.results()) {
                labels.add(label(r));
                cells.computeIfAbsent(r.kernel(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(label(r), k -> new ArrayList<>()).add(r);
            }
        }
        if (cells.isEmpty()) {
            return;
        }
        List<String> header = new ArrayList<>(List.of("kernel"));
        header.addAll(labels);
        List<List<ReportDoc.Cell>> rows = new ArrayList<>();
        cells.forEach((kernel, byFs) -> {
            List<ReportDoc.Cell> row = new ArrayList<>(List.of(ReportDoc.Cell.of(kernel)));
            for (String l : labels) {
                row.add(cell(byFs.getOrDefault(l, List.of())));
            }
            rows.add(row);
        });
        doc.table(header, rows);
        doc.text("Each cell: races whose real outcome set equals the model's / races compared, the model id, and the "
                + "races whose sets differ.");
    }

    private static ReportDoc.Cell cell(List<Row> rows) {
        if (rows.isEmpty()) {
            return ReportDoc.Cell.of("-");
        }
        List<Row> compared = rows.stream().filter(Row::compared).toList();
        List<String> differ = compared.stream().filter(r -> !r.mismatches().isEmpty()).map(Row::race)
                .distinct().toList();
        TruthFile.Emulated first = rows.get(0).emulated();
        String model = first == null ? "none" : first.model() != null ? first.model() : "convention "
                + first.convention();
        String text = (compared.size() - compared.stream().filter(r -> !r.mismatches().isEmpty()).count()) + "/"
                + compared.size() + " " + model + (differ.isEmpty() ? "" : "\ndiffer: " + String.join(", ", differ));
        return new ReportDoc.Cell(text, differ.isEmpty() ? ReportDoc.Tone.CLEAN : ReportDoc.Tone.MISSED);
    }

    private static String modelLabel(Row r) {
        TruthFile.Emulated e = r.emulated();
        if (!r.compared()) {
            return e == null || e.status() == null || e.status().isEmpty() ? "none" : e.status();
        }
        return (e.model() == null ? "" : e.model() + " = ") + e.convention()
                + (Boolean.TRUE.equals(e.proxy()) ? " (proxy)" : "");
    }

    /** The filesystem's short name for tables ({@link TruthResult#label}). */
    private static String label(Row r) {
        return TruthResult.label(r.fsType(), r.fsMount() == null ? "" : r.fsMount(),
                r.blockSize() == null ? 0 : r.blockSize());
    }

    /** {@code ID n (x %)} per outcome, one per line. */
    static String shares(Map<String, Long> counts) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        List<String> parts = new ArrayList<>();
        counts.forEach((k, v) -> parts.add(k + " " + v + (total > 0 ? " (" + Fmt.percent((double) v / total) + ")" : "")));
        return parts.isEmpty() ? "-" : String.join("\n", parts);
    }
}

package org.pagerace.truth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.pagerace.mm.PageSize;
import org.pagerace.results.TruthFile;

/**
 * The text form of a suite's results for stdout: per kernel and filesystem directory a header (type, directory,
 * mount, model id) and one row per race with the real outcome counts beside the emulated ones in real ids; then
 * every mismatch with its interpretation, the samples that contradicted their own timestamps, the races that could
 * not run, the kernel x filesystem matrix, and the guests' boot figures.
 */
public final class TruthTable {
    private static final String ROW = "  %-17s %6s %7s %9s %-3s  %-42s %-44s %s%n";

    private TruthTable() {
    }

    /** Nanoseconds as microseconds with one decimal, e.g. {@code 36.2us}. */
    static String micros(long nanos) {
        return String.format(Locale.ROOT, "%.1fus", nanos / 1000.0);
    }

    public static String render(List<Comparison> rows, List<RaceFailure> failures, List<TruthFile.Guest> guests) {
        StringBuilder b = new StringBuilder();
        String group = null;
        for (Comparison c : rows) {
            TruthResult r = c.real();
            if (!(r.kernel() + " " + r.fsDir()).equals(group)) {
                group = r.kernel() + " " + r.fsDir();
                b.append(String.format(Locale.ROOT, "%skernel %s: %s on %s (%s), model %s%s%n",
                        b.length() == 0 ? "" : "\n", r.kernel(), r.fsType(), r.fsDir(), r.fsMount(), c.modelId(),
                        rows.stream().filter(o -> (o.real().kernel() + " " + o.real().fsDir()).equals(r.kernel() + " "
                                + r.fsDir())).flatMap(o -> o.emulated().stream()).findFirst()
                                .map(e -> " = " + e.convention() + (e.blockSize() < PageSize.PAGE_SIZE
                                        ? " at " + e.blockSize() + "-byte blocks" : "")).orElse(" (none)")));
                b.append(String.format(Locale.ROOT, ROW, "race", "iter", "it/s", "J", "pin", "real outcomes",
                        "emulated outcomes as real", "mismatches"));
            }
            Map<String, Long> real = new LinkedHashMap<>();
            r.outcomes().forEach((o, n) -> real.put(o.id(), n));
            String emulated = c.emulated().map(e -> counts(Fidelity.asReal(e.outcomes()))).orElse(c.status());
            b.append(String.format(Locale.ROOT, ROW, r.race().id(), r.iterations(),
                    String.format(Locale.ROOT, "%.0f", r.iterationsPerSecond()), micros(r.delayNanos()),
                    r.pinned() ? "yes" : "no", counts(real), emulated,
                    c.emulated().isPresent() ? String.valueOf(c.mismatches().size()) : "-"));
        }
        boolean header = false;
        for (Comparison c : rows) {
            for (Mismatch m : c.mismatches()) {
                if (!header) {
                    b.append(String.format("%nMismatches (outcome sets differ):%n"));
                    header = true;
                }
                b.append(String.format(Locale.ROOT, "  %s %s %s %s: %s %s (real %d/%d, emulated %d/%d): %s%n",
                        c.real().kernel(), c.real().fsType(), c.real().fsDir(), c.real().race().id(), m.outcome(),
                        m.side().label(),
                        m.realCount(), m.realIterations(), m.emulatedCount(), m.emulatedSamples(),
                        m.interpretation()));
            }
        }
        header = false;
        for (Comparison c : rows) {
            TruthResult r = c.real();
            if (r.anomalies() == 0) {
                continue;
            }
            if (!header) {
                b.append(String.format("%nTiming anomalies (outcomes the order of events rules out):%n"));
                header = true;
            }
            b.append(String.format(Locale.ROOT, "  %s %s %s %s: %d, e.g. %s%n", r.kernel(), r.fsType(), r.fsDir(), r.race().id(),
                    r.anomalies(), r.anomalyExamples().get(0)));
        }
        if (!failures.isEmpty()) {
            b.append(String.format("%nRaces that could not run (environment errors, not outcomes):%n"));
            for (RaceFailure f : failures) {
                b.append(String.format(Locale.ROOT, "  %s %s %s %s: %s%n", f.kernel(), f.fsType(), f.fsDir(),
                        f.race().id(), f.message()));
            }
        }
        b.append(matrix(rows));
        if (!guests.isEmpty()) {
            b.append(String.format("%nGuests (boot = wall time not spent racing: firmware, kernel, modules, mounts, "
                    + "power-off):%n"));
            for (TruthFile.Guest g : guests) {
                long iterations = rows.stream().filter(c -> c.real().kernel().equals(g.kernel()))
                        .mapToLong(c -> c.real().iterations()).sum();
                b.append(String.format(Locale.ROOT, "  %-6s %-24s %-4s boot %5.1f s, racing %6.1f s (%.0f iterations/s "
                        + "over %d rows), wall %6.1f s; %s%n", g.label(), g.kernel(), g.accel(), g.bootSeconds(),
                        g.racingSeconds(), g.racingSeconds() > 0 ? iterations / g.racingSeconds() : 0, g.rows(),
                        g.wallSeconds(), g.source()));
            }
        }
        return b.toString();
    }

    /**
     * Kernel x filesystem: per cell, how many of the compared races have equal real and model outcome sets, the
     * model id, and the races whose sets differ.
     */
    static String matrix(List<Comparison> rows) {
        Map<String, Map<String, List<Comparison>>> cells = new LinkedHashMap<>();
        Set<String> labels = new LinkedHashSet<>();
        for (Comparison c : rows) {
            labels.add(c.real().fsLabel());
            cells.computeIfAbsent(c.real().kernel(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(c.real().fsLabel(), k -> new ArrayList<>()).add(c);
        }
        if (cells.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(String.format("%nKernel x filesystem: races whose real outcome set "
                + "equals the model's / races compared (model id; races that differ):%n"));
        Map<String, Integer> width = new LinkedHashMap<>();
        int kernelWidth = "kernel".length();
        for (String l : labels) {
            width.put(l, l.length());
        }
        for (Map.Entry<String, Map<String, List<Comparison>>> k : cells.entrySet()) {
            kernelWidth = Math.max(kernelWidth, k.getKey().length());
            for (String l : labels) {
                width.merge(l, cell(k.getValue().getOrDefault(l, List.of())).length(), Math::max);
            }
        }
        String kernelColumn = "  %-" + kernelWidth + "s";
        b.append(String.format(Locale.ROOT, kernelColumn, "kernel"));
        labels.forEach(l -> b.append(String.format(Locale.ROOT, "  %-" + width.get(l) + "s", l)));
        b.append('\n');
        cells.forEach((kernel, byFs) -> {
            b.append(String.format(Locale.ROOT, kernelColumn, kernel));
            for (String l : labels) {
                b.append(String.format(Locale.ROOT, "  %-" + width.get(l) + "s", cell(byFs.getOrDefault(l, List.of()))));
            }
            b.append('\n');
        });
        return b.toString();
    }

    private static String cell(List<Comparison> cs) {
        if (cs.isEmpty()) {
            return "-";
        }
        List<Comparison> compared = cs.stream().filter(c -> c.emulated().isPresent()).toList();
        StringJoiner differ = new StringJoiner(",");
        compared.stream().filter(c -> !c.setsEqual()).forEach(c -> differ.add(c.real().race().id()));
        return compared.stream().filter(Comparison::setsEqual).count() + "/" + compared.size() + " "
                + cs.get(0).modelId() + (differ.length() == 0 ? "" : "; " + differ);
    }

    private static String counts(Map<String, Long> m) {
        StringJoiner j = new StringJoiner(" ");
        m.forEach((k, v) -> j.add(k + " " + v));
        return j.toString();
    }
}

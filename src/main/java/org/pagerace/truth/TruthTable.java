package org.pagerace.truth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The text form of a suite's results for stdout: per filesystem directory a header (type, directory, mount) and one
 * row per race with the real outcome counts beside the emulated ones in real ids; then every mismatch with its
 * interpretation, then the samples that contradicted their own timestamps, then the races that could not run.
 */
public final class TruthTable {
    private static final String ROW = "  %-17s %6s %7s %9s %-3s  %-42s %-44s %s%n";

    private TruthTable() {
    }

    /** Nanoseconds as microseconds with one decimal, e.g. {@code 36.2us}. */
    static String micros(long nanos) {
        return String.format(Locale.ROOT, "%.1fus", nanos / 1000.0);
    }

    public static String render(List<Comparison> rows, List<RaceFailure> failures) {
        StringBuilder b = new StringBuilder();
        String dir = null;
        for (Comparison c : rows) {
            TruthResult r = c.real();
            if (!r.fsDir().equals(dir)) {
                dir = r.fsDir();
                b.append(String.format(Locale.ROOT, "%s%s on %s (%s)%s%n", b.length() == 0 ? "" : "\n", r.fsType(),
                        r.fsDir(), r.fsMount(), c.model().map(m -> ", emulated as " + m.convention()
                                + (m.proxy() ? " (proxy)" : "")).orElse(", no convention models it")));
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
                b.append(String.format(Locale.ROOT, "  %s %s %s: %s %s (real %d/%d, emulated %d/%d): %s%n",
                        c.real().fsType(), c.real().fsDir(), c.real().race().id(), m.outcome(), m.side().label(),
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
            b.append(String.format(Locale.ROOT, "  %s %s %s: %d, e.g. %s%n", r.fsType(), r.fsDir(), r.race().id(),
                    r.anomalies(), r.anomalyExamples().get(0)));
        }
        if (!failures.isEmpty()) {
            b.append(String.format("%nRaces that could not run:%n"));
            for (RaceFailure f : failures) {
                b.append(String.format(Locale.ROOT, "  %s %s %s: %s%n", f.fsType(), f.fsDir(), f.race().id(),
                        f.message()));
            }
        }
        return b.toString();
    }

    private static String counts(Map<String, Long> m) {
        StringJoiner j = new StringJoiner(" ");
        m.forEach((k, v) -> j.add(k + " " + v));
        return j.toString();
    }
}

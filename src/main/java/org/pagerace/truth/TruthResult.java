package org.pagerace.truth;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pagerace.mm.PageSize;
import org.pagerace.results.TruthFile;

/**
 * What one real race on one filesystem of one kernel (its {@code uname -r}) measured, as {@code pagerace-racer}
 * reported it: the outcome histogram, the same split by {@link Phase}, how many
 * samples contradicted their own timestamps, the rate, and the settings it ran with (the delay bound J, calibrated
 * from the partner's measured duration, and whether the threads were pinned).
 *
 * @param readFromStorage samples whose page was out of the page cache when read back (races that check storage;
 *     -1 for the others): where it is 0 the check read the page cache, e.g. on tmpfs, which has no storage
 * @param droppedByPartner iterations after which page 1 was out of the page cache when the partner finished
 *     ({@code invalidate}; -1 for the others): how often the drop really dropped
 * @param blockSize the filesystem's block size ({@code statvfs f_bsize}) in bytes; 0 where the line does not say
 *     (before {@code pagerace-truth} v3)
 */
public record TruthResult(String kernel, String fsType, String fsDir, String fsMount, TruthRace race, long iterations,
        Map<RealOutcome, Long> outcomes, Map<Phase, Map<RealOutcome, Long>> outcomesByPhase, long anomalies,
        List<String> anomalyExamples, double seconds, long delayNanos, long opMedianNanos, boolean pinned,
        long readFromStorage, long droppedByPartner, int blockSize) {

    public TruthResult {
        Map<RealOutcome, Long> o = new EnumMap<>(RealOutcome.class);
        o.putAll(outcomes);
        outcomes = Collections.unmodifiableMap(o);
        Map<Phase, Map<RealOutcome, Long>> p = new EnumMap<>(Phase.class);
        p.putAll(outcomesByPhase);
        outcomesByPhase = Collections.unmodifiableMap(p);
        anomalyExamples = List.copyOf(anomalyExamples);
    }

    public double iterationsPerSecond() {
        return seconds > 0 ? iterations / seconds : 0;
    }

    /**
     * A short name of the filesystem for tables: the type, with {@code -1k} (or {@code -2k}) where its blocks are
     * smaller than a page and {@code -nodelalloc} where ext4 is mounted so (its page_mkwrite then allocates blocks
     * instead of reserving them).
     */
    public String fsLabel() {
        return label(fsType, fsMount, blockSize);
    }

    /** {@link #fsLabel()} of a row read back from {@code truth.json}. */
    public static String label(String fsType, String fsMount, int blockSize) {
        return fsType + (blockSize > 0 && blockSize < PageSize.PAGE_SIZE ? "-" + blockSize / 1024 + "k" : "")
                + (fsMount.contains("nodelalloc") ? "-nodelalloc" : "");
    }

    /** This result as a {@code results} entry of {@code truth.json}, beside its emulated side. */
    TruthFile.Row entry(TruthFile.Emulated emulated, List<TruthFile.Mismatch> mismatches) {
        Map<String, Map<String, Long>> phases = new LinkedHashMap<>();
        outcomesByPhase.forEach((p, m) -> phases.put(p.id(), Comparison.ids(m)));
        return new TruthFile.Row(kernel, fsType, fsDir, fsMount, blockSize > 0 ? blockSize : null, race.id(),
                race.summary(), iterations, Comparison.ids(outcomes), Math.round(iterationsPerSecond()),
                Math.round(seconds * 1000) / 1000.0, delayNanos, opMedianNanos, pinned, phases, anomalies,
                anomalyExamples, readFromStorage >= 0 ? readFromStorage : null,
                droppedByPartner >= 0 ? droppedByPartner : null, emulated, mismatches);
    }
}

package org.pagerace.truth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pagerace.mm.PageSize;
import org.pagerace.results.Json;

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

    /** The outcomes seen at least once. */
    public Set<RealOutcome> outcomeSet() {
        return outcomes.keySet();
    }

    /** This result as a {@code results} entry of {@code truth.json}. */
    public ObjectNode toJson() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("kernel", kernel);
        n.put("fs_type", fsType);
        n.put("fs_dir", fsDir);
        n.put("fs_mount", fsMount);
        if (blockSize > 0) {
            n.put("block_size", blockSize);
        }
        n.put("race", race.id());
        n.put("race_summary", race.summary());
        n.put("iterations", iterations);
        ObjectNode o = n.putObject("outcomes");
        outcomes.forEach((k, v) -> o.put(k.id(), v));
        n.put("iterations_per_second", Math.round(iterationsPerSecond()));
        n.put("seconds", Math.round(seconds * 1000) / 1000.0);
        n.put("delay_ns", delayNanos);
        n.put("partner_op_median_ns", opMedianNanos);
        n.put("pinned", pinned);
        ObjectNode phases = n.putObject("outcomes_by_phase");
        outcomesByPhase.forEach((p, m) -> {
            ObjectNode pn = phases.putObject(p.id());
            m.forEach((k, v) -> pn.put(k.id(), v));
        });
        n.put("timing_anomalies", anomalies);
        ArrayNode examples = n.putArray("timing_anomaly_examples");
        anomalyExamples.forEach(examples::add);
        if (readFromStorage >= 0) {
            n.put("read_from_storage", readFromStorage);
        }
        if (droppedByPartner >= 0) {
            n.put("dropped_by_partner", droppedByPartner);
        }
        return n;
    }
}

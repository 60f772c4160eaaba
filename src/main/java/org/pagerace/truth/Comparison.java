package org.pagerace.truth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pagerace.check.Race;
import org.pagerace.results.TruthFile;

/**
 * One row of the fidelity table: a real race on one filesystem of one kernel beside the emulated outcomes of the
 * model of that filesystem at that kernel's version ({@code modelId}, e.g. {@code ext4@6.1}), and the mismatches
 * between the two outcome sets. The emulated side is absent where the race has no emulated counterpart, no
 * model of the filesystem is as old as the kernel, or the model declares the race not applicable; {@link #status}
 * says which.
 */
public record Comparison(TruthResult real, String modelId, Optional<EmulatedOutcomes> emulated,
        List<Mismatch> mismatches, String status) {

    public Comparison {
        mismatches = List.copyOf(mismatches);
    }

    /** Whether the real and the emulated outcome sets are equal (compared rows only). */
    public boolean setsEqual() {
        return emulated.isPresent() && mismatches.isEmpty();
    }

    /** The {@code results} entry of {@code truth.json}: the real result with its {@code emulated} side and mismatches. */
    public TruthFile.Row entry() {
        String race = real.race().emulated().map(Race::id).orElse(null);
        TruthFile.Emulated e = emulated.map(em -> new TruthFile.Emulated(status, modelId, em.convention(), false,
                em.why(), em.note(), em.blockSize(), race, "modern", "model", em.delays(), em.samples(),
                ids(em.outcomes()), Fidelity.asReal(em.outcomes()))).orElse(new TruthFile.Emulated(status, modelId,
                null, null, null, null, null, race, null, null, null, null, null, null));
        return real.entry(e, mismatches.stream().map(Mismatch::entry).toList());
    }

    /** {@code counts} keyed by the outcomes' ids, in the enum's order. */
    static <E extends Enum<E>> Map<String, Long> ids(Map<E, Long> counts) {
        Map<String, Long> m = new LinkedHashMap<>();
        counts.forEach((k, v) -> m.put(k.name(), v));
        return m;
    }
}

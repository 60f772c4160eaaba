package org.pagerace.truth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.pagerace.results.Json;

/**
 * One difference between the real and the emulated outcome sets of a (filesystem, race): an outcome (a real id, or
 * an emulated bug id) seen on one side only, with both counts, how many the other side would have shown at the
 * same rate, and a one-line interpretation.
 */
public record Mismatch(String outcome, Side side, long realCount, long realIterations, long emulatedCount,
        long emulatedSamples, double expectedOnOtherSide, String interpretation) {

    /** Where the outcome was seen. */
    public enum Side {
        REAL_ONLY("real only"),
        EMULATED_ONLY("emulated only");

        private final String label;

        Side(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Probability that the other side shows none of it if its rate were the same (Poisson). */
    public double chanceOfNoneIfSameRate() {
        return Math.exp(-expectedOnOtherSide);
    }

    public ObjectNode toJson() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("outcome", outcome);
        n.put("side", side.label());
        n.put("real_count", realCount);
        n.put("real_iterations", realIterations);
        n.put("emulated_count", emulatedCount);
        n.put("emulated_samples", emulatedSamples);
        n.put("expected_on_other_side", Math.round(expectedOnOtherSide * 100) / 100.0);
        n.put("interpretation", interpretation);
        return n;
    }
}

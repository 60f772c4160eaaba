package org.pagerace.truth;

import org.pagerace.results.TruthFile;

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

    /** This mismatch as an entry of a row's {@code mismatches} in {@code truth.json}. */
    public TruthFile.Mismatch entry() {
        return new TruthFile.Mismatch(outcome, side.label(), realCount, realIterations, emulatedCount, emulatedSamples,
                Math.round(expectedOnOtherSide * 100) / 100.0, interpretation);
    }
}

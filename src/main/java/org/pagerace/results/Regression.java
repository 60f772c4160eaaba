package org.pagerace.results;

/**
 * One regression against the baseline: what it is about (a convention, a race or benchmark, a backing, each null
 * when it does not apply), what changed, and its kind.
 */
public record Regression(Kind kind, String convention, String race, String backing, String what) {
    /** The kinds of regression the comparison knows (see {@code report/BaselineComparison}). */
    public enum Kind {
        /** A bug outcome where the baseline had none (PASS), or any FAIL status. */
        BUG,
        /** A known bug the baseline reproduced and this run, beyond chance, did not. */
        LOST_DETECTION,
        /** An outcome id the baseline never showed, at a rate it would have shown. */
        NEW_OUTCOME,
        /** The outcome distribution of a test changed beyond chance. */
        RATE,
        /** The test ended in ERROR (JCStress error, no samples, an outcome the oracle does not define). */
        ERROR,
        /** A JMH score moved beyond its combined error. */
        SCORE
    }

    /** {@code (convention, race[, backing]): what}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(");
        sb.append(convention == null ? "-" : convention).append(", ").append(race == null ? "-" : race);
        if (backing != null) {
            sb.append(", ").append(backing);
        }
        return sb.append("): ").append(what).toString();
    }
}

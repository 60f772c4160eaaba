package org.pagerace.stress;

import java.util.Set;
import org.pagerace.check.Outcome;

/**
 * How a slot's arbiter reports an outcome so that JCStress grades it as the harness does: a correct outcome by its
 * id ({@code OK}); a bug outcome the model declares as known as {@code KNOWN:<id>} (JCStress:
 * ACCEPTABLE_INTERESTING); any other bug outcome as {@code BUG:<id>} (FORBIDDEN). The suite's shared
 * {@code @Outcome}s match these forms.
 */
public final class Graded {
    public static final String KNOWN = "KNOWN:";
    public static final String BUG = "BUG:";

    private Graded() {
    }

    /** The graded id of {@code o} for a test that knows {@code known}. */
    public static String id(Outcome o, Set<Outcome> known) {
        if (!o.isBug()) {
            return o.id();
        }
        return (known.contains(o) ? KNOWN : BUG) + o.id();
    }

    /** The outcome id of a graded id. */
    public static String outcomeId(String graded) {
        if (graded.startsWith(KNOWN)) {
            return graded.substring(KNOWN.length());
        }
        if (graded.startsWith(BUG)) {
            return graded.substring(BUG.length());
        }
        return graded;
    }
}

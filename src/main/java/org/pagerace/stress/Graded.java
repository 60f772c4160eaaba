package org.pagerace.stress;

import java.util.Set;
import org.pagerace.check.Outcome;

/**
 * How a slot's arbiter reports an outcome so that JCStress grades it as the harness does: the planned test's id, a
 * space, then a correct outcome by its id ({@code 17 OK}); a bug outcome the model declares as known as
 * {@code KNOWN:<id>} (JCStress: ACCEPTABLE_INTERESTING); any other bug outcome as {@code BUG:<id>} (FORBIDDEN). A
 * slot runs a batch of tests ({@link Batches}), so the id says whose sample it was. The suite's shared
 * {@code @Outcome}s match these forms.
 */
public final class Graded {
    public static final String KNOWN = "KNOWN:";
    public static final String BUG = "BUG:";

    private Graded() {
    }

    /** The regexp before a graded id in the suite's {@code @Outcome}s: the test id and a space. */
    public static final String TEST_PREFIX = "\\d+ ";

    /** The graded id of {@code o} for test {@code test}, which knows {@code known}. */
    public static String id(int test, Outcome o, Set<Outcome> known) {
        if (!o.isBug()) {
            return test + " " + o.id();
        }
        return test + " " + (known.contains(o) ? KNOWN : BUG) + o.id();
    }

    /** The test id of a graded id, or -1 if it carries none. */
    public static int testOf(String graded) {
        int space = graded.indexOf(' ');
        try {
            return space < 0 ? -1 : Integer.parseInt(graded.substring(0, space));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The outcome id of a graded id. */
    public static String outcomeId(String graded) {
        int space = graded.indexOf(' ');
        if (space >= 0 && testOf(graded) >= 0) {
            graded = graded.substring(space + 1);
        }
        if (graded.startsWith(KNOWN)) {
            return graded.substring(KNOWN.length());
        }
        if (graded.startsWith(BUG)) {
            return graded.substring(BUG.length());
        }
        return graded;
    }
}

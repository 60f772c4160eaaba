package org.pagerace.check;

import java.io.PrintStream;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.pagerace.fs.Expectations;
import org.pagerace.fs.FileSystem;
import org.pagerace.fs.Model;

/**
 * A model's claims ({@link Expectations}) read as outcomes: for each race, the bug outcomes it is known to show.
 * In grading these are ACCEPTABLE_INTERESTING ("known bug, reproduced"), and a run that no longer shows them has
 * lost detection power; every other bug outcome is FORBIDDEN. Validates the claims as it reads them: an unknown
 * race or outcome id, or a claim of a non-bug outcome, is an error naming the model.
 */
public final class Grading {
    private Grading() {
    }

    /** The bug outcomes {@code model} is known to show against {@code race}; empty if believed correct. */
    public static Set<Outcome> knownBugs(Model model, Race race) {
        return knownBugs(model.create(), race);
    }

    /** As {@link #knownBugs(Model, Race)}, for an instance. */
    public static Set<Outcome> knownBugs(FileSystem fs, Race race) {
        Expectations e = fs.expectations();
        validate(e);
        Set<Outcome> bugs = EnumSet.noneOf(Outcome.class);
        for (String id : e.claim(race.id()).bugs()) {
            bugs.add(Outcome.valueOf(id));
        }
        return bugs;
    }

    /** A (model, race) and the outcomes a run or an exploration of it reached. */
    public record Reached(Model model, Race race, Collection<Outcome> outcomes) {
    }

    /**
     * The exit code of {@code run} and {@code explore}, graded as {@code scripts/stress} grades: 1 when a bug
     * outcome was reached that the model does not declare for the race (a failed grading, one {@code FAIL:} line
     * per such pair on {@code out}), else 0; a declared bug is the model's known answer.
     */
    public static int exitCode(List<Reached> reached, PrintStream out) {
        int code = 0;
        for (Reached r : reached) {
            Set<Outcome> known = knownBugs(r.model(), r.race());
            List<String> extra = r.outcomes().stream().filter(o -> o.isBug() && !known.contains(o)).map(Outcome::id)
                    .distinct().toList();
            if (!extra.isEmpty()) {
                out.println("FAIL: " + r.model().id() + " × " + r.race().id() + " does not declare "
                        + String.join(", ", extra) + (known.isEmpty() ? " (it declares no bug for this race)"
                        : " (it declares " + known.stream().map(Outcome::id).collect(Collectors.joining(", ")) + ")"));
                code = 1;
            }
        }
        return code;
    }

    /** Throws {@link IllegalArgumentException} naming the model and the claim if a claim names no known race or bug. */
    public static void validate(Expectations e) {
        for (Expectations.Claim c : e.explicit().values()) {
            try {
                Race.byId(c.race());
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(e.model() + " declares an expectation for " + ex.getMessage());
            }
            for (String b : c.bugs()) {
                Outcome o;
                try {
                    o = Outcome.valueOf(b);
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException(e.model() + " × " + c.race() + ": unknown outcome '" + b + "'");
                }
                if (!o.isBug()) {
                    throw new IllegalArgumentException(e.model() + " × " + c.race() + ": " + b
                            + " is not a bug outcome (only bugs are declared as known)");
                }
            }
        }
    }
}

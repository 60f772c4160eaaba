package org.pagerace.fs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a filesystem version claims about each race partner: the bug outcomes it is known to show ("known bug,
 * reproduced": graded ACCEPTABLE_INTERESTING, and a run that stops showing them has lost detection power), or
 * none (believed correct: every bug outcome fails the run), or that the race does not apply (the filesystem lacks
 * the operation at that version). Each claim carries its reason: the kernel source or commit that makes it so. A
 * claim is about the kernel, not a copy of what the model printed.
 *
 * <p>Races and outcomes are named by their ids ({@code punch-hole}, {@code LOST_WRITE}); the check layer validates
 * them when the model is loaded. A race with no claim is believed correct, for the reason given to
 * {@link #believedCorrect(String)} (or none).
 */
public final class Expectations {
    /** One claim: the race, the bug outcome ids expected (empty: none), whether the race applies, and why. */
    public record Claim(String race, Set<String> bugs, boolean applies, String why) {
        public Claim {
            bugs = Collections.unmodifiableSet(new LinkedHashSet<>(bugs));
        }
    }

    private final String model;
    private final Map<String, Claim> claims = new LinkedHashMap<>();
    private String defaultWhy = "";

    public Expectations(String model) {
        this.model = model;
    }

    /** The model these claims are about. */
    public String model() {
        return model;
    }

    /** Every race not named otherwise is believed correct, because {@code why}. */
    public Expectations believedCorrect(String why) {
        defaultWhy = why;
        return this;
    }

    /** {@code race} shows {@code bugs} (outcome ids, at least one), because {@code why}. Replaces an earlier claim. */
    public Expectations known(String race, String why, String... bugs) {
        if (bugs.length == 0) {
            throw new IllegalArgumentException(model + ": known(" + race + ") names no bug outcome");
        }
        claims.put(race, new Claim(race, new LinkedHashSet<>(List.of(bugs)), true, why));
        return this;
    }

    /** {@code race} shows no bug, because {@code why}. Replaces an earlier claim (e.g. the version before the fix). */
    public Expectations correct(String race, String why) {
        claims.put(race, new Claim(race, Set.of(), true, why));
        return this;
    }

    /** {@code race} does not apply to this version (the operation does not exist there), because {@code why}. */
    public Expectations notApplicable(String race, String why) {
        claims.put(race, new Claim(race, Set.of(), false, why));
        return this;
    }

    /** The claim for {@code race}: the one made, or "believed correct". */
    public Claim claim(String race) {
        Claim c = claims.get(race);
        return c != null ? c : new Claim(race, Set.of(), true, defaultWhy);
    }

    /** The claims made explicitly, in the order made. */
    public Map<String, Claim> explicit() {
        return Collections.unmodifiableMap(claims);
    }
}

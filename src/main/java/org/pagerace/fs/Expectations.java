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
 * <p>Blocks smaller than a page: a filesystem instance made with smaller blocks ({@code --block-size}) may differ;
 * the one way to say so is {@link #belowPage()}, whose claims replace these for such instances only (at the page
 * size they are ignored). A later version inherits them, and restates what its commit changed there the same way.
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
    private final int blockSize;
    private final Map<String, Claim> claims = new LinkedHashMap<>();
    private String defaultWhy = "";
    private Expectations belowPage;

    /** The claims about {@code model} at the page size. */
    public Expectations(String model) {
        this(model, org.pagerace.mm.PageSize.PAGE_SIZE);
    }

    /** The claims about {@code model} made with {@code blockSize}-byte blocks. */
    public Expectations(String model, int blockSize) {
        this.model = model;
        this.blockSize = blockSize;
    }

    /** The block size of the instance these claims are about, in bytes. */
    public int blockSize() {
        return blockSize;
    }

    /**
     * The claims that hold only when a block is smaller than a page (the EOF page then has blocks inside and beyond
     * i_size): {@code e.belowPage().known(race, why, bugs...)}, {@code .correct(...)}, {@code .notApplicable(...)}.
     * For such an instance they replace the claim made here for the same race; at the page size they are ignored.
     */
    public Expectations belowPage() {
        if (belowPage == null) {
            belowPage = new Expectations(model + " (blocks below a page)", blockSize);
        }
        return belowPage;
    }

    private boolean subPage() {
        return blockSize < org.pagerace.mm.PageSize.PAGE_SIZE;
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
        Claim c = subPage() && belowPage != null ? belowPage.claims.get(race) : null;
        if (c == null) {
            c = claims.get(race);
        }
        return c != null ? c : new Claim(race, Set.of(), true, defaultWhy);
    }

    /** The claims made explicitly, in the order made. */
    public Map<String, Claim> explicit() {
        if (!subPage() || belowPage == null) {
            return Collections.unmodifiableMap(claims);
        }
        Map<String, Claim> all = new LinkedHashMap<>(claims);
        all.putAll(belowPage.claims);
        return Collections.unmodifiableMap(all);
    }

    /** The claims made for blocks below a page only (empty if none). */
    public Map<String, Claim> explicitBelowPage() {
        return belowPage == null ? Map.of() : Collections.unmodifiableMap(belowPage.claims);
    }
}

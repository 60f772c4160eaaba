package org.pagerace.check;

import static org.pagerace.check.Outcome.*;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The bug outcomes each (convention, race) pair is known to reproduce: the harness's verdict on the hypotheses of
 * the design, established by exploring every interleaving of the named points up to two preemptions (see
 * {@code ExpectationsAreReproducibleTest} and {@code pagerace explore}) and confirmed by stress. In grading, these are ACCEPTABLE_INTERESTING ("known bug, reproduced") and a run that no
 * longer shows them has lost detection power; every other bug outcome is FORBIDDEN. A convention not listed here
 * (a user's own) is believed correct: every bug outcome is FORBIDDEN for it.
 *
 * <p>Where this table disagrees with the design's hypothesis table, the table here is the evidence:
 * <ul>
 *   <li>punch-hole: every convention whose filesystem does not take {@code invalidate_lock} in punch loses a store
 *       (LOST_WRITE): a fault that re-creates the page after {@code truncate_inode_pages_range} and before the
 *       blocks are freed writes into data the punch then discards, while the page stays cached and dirty (the race
 *       of ext4 commit ea3d7209ca01, closed for all by {@code invalidate_lock} in 5.15). NOPAGE/LOCKED alone does
 *       not close it.</li>
 *   <li>zero-unlocked dirties the page in its {@code write_end} before returning unlocked, so a metadata release
 *       cannot take its metadata (the page is dirty); its unlocked window shows instead against writeback
 *       (UNNOTIFIED_DIRTY: cleaned between page_mkwrite and the dirty pte, the b827e496 race), and so against
 *       invalidation too, which writes the page back first and then fails with -EBUSY on the re-dirtied page.
 *       Stress found that one before exploration could: the window between writeback's unlock and
 *       invalidation's lock had no named point ({@code WRITEBACK_WRITTEN} now marks it).</li>
 *   <li>unlocked-metadata returns 0 without preparing the page when it sees it beyond i_size, trusting "the VM's
 *       own recheck"; but the VM only rechecks {@code mapping == NULL}, so when truncate has written i_size and not
 *       yet removed the page, the VM dirties a page nobody prepared (UNBACKED_DIRTY): 0 is a minor fault, and
 *       only NOPAGE makes the VM retry (Nick Piggin's point in the thread).</li>
 *   <li>find-or-create: the VM's mapping recheck discards the substitute page, so the "missed notification" does not
 *       happen; what does is a page created beyond EOF after truncate (PAGE_BEYOND_EOF) and the unlocked-return
 *       metadata window (UNBACKED_DIRTY).</li>
 * </ul>
 */
public final class Expectations {
    private static final Map<String, Set<Outcome>> KNOWN = new HashMap<>();

    static {
        known("zero-unlocked", "truncate-down-up", SPURIOUS_SIGBUS);
        known("zero-unlocked", "punch-hole", SPURIOUS_SIGBUS, LOST_WRITE);
        known("zero-unlocked", "invalidate", SPURIOUS_SIGBUS, UNNOTIFIED_DIRTY);
        known("zero-unlocked", "writeback", UNNOTIFIED_DIRTY);
        known("zero-unlocked", "enomem", SPURIOUS_SIGBUS);

        known("sigbus", "truncate-down-up", SPURIOUS_SIGBUS);
        known("sigbus", "punch-hole", SPURIOUS_SIGBUS, LOST_WRITE);
        known("sigbus", "invalidate", SPURIOUS_SIGBUS);
        known("sigbus", "release-metadata", UNBACKED_DIRTY);
        known("sigbus", "enomem", SPURIOUS_SIGBUS);

        known("nopage-locked", "punch-hole", LOST_WRITE);

        known("unlocked-metadata", "truncate-down", UNBACKED_DIRTY);
        known("unlocked-metadata", "truncate-down-up", UNBACKED_DIRTY);
        known("unlocked-metadata", "punch-hole", LOST_WRITE);
        known("unlocked-metadata", "release-metadata", UNBACKED_DIRTY);

        known("find-or-create", "truncate-down", PAGE_BEYOND_EOF);
        known("find-or-create", "punch-hole", LOST_WRITE);
        known("find-or-create", "release-metadata", UNBACKED_DIRTY);

        known("filemap", "punch-hole", LOST_WRITE);

        known("vmf-fs-error", "punch-hole", LOST_WRITE);
    }

    private Expectations() {
    }

    private static void known(String convention, String race, Outcome... bugs) {
        KNOWN.put(convention + "/" + race, EnumSet.of(bugs[0], bugs));
    }

    /** The bug outcomes {@code convention} is known to reproduce against {@code race}; empty if none. */
    public static Set<Outcome> knownBugs(String convention, String race) {
        return KNOWN.getOrDefault(convention + "/" + race, EnumSet.noneOf(Outcome.class));
    }

    /** Whether {@code convention} is known to be broken against at least one race. */
    public static boolean knownBroken(String convention) {
        return KNOWN.keySet().stream().anyMatch(k -> k.startsWith(convention + "/"));
    }
}

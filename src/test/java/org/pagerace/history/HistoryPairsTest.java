package org.pagerace.history;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pagerace.explore.Exploration;
import org.pagerace.explore.Explorer;
import org.pagerace.fs.Filesystems;
import org.pagerace.fs.Model;

/**
 * Each replayed bug of {@link HistoryTable} as a deterministic pair: the version before the fix reaches the
 * expected outcome within the default bound, through a schedule that replays it; the version after the fix reaches
 * no bug outcome in the same race. A row whose models another branch brings is skipped until they are registered.
 */
class HistoryPairsTest {
    static List<Bug> bugs() {
        return HistoryTable.BUGS;
    }

    private static Exploration explore(String spec, Bug bug) {
        Model m = Filesystems.resolve(spec).withBlockSize(bug.blockSize());
        try (Explorer explorer = new Explorer(Explorer.DEFAULT_BOUND)) {
            return explorer.explore(m, bug.partner(), m.create().era());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bugs")
    void beforeTheFixReachesTheBug(Bug bug) {
        assumeTrue(Replay.available(bug), bug.before() + " / " + bug.after() + " not in this build");
        Exploration x = explore(bug.before(), bug);
        assertTrue(x.complete(), x.statement());
        assertNotNull(x.shortest(bug.expected().id()), bug.before() + " × " + bug.partner().id() + ": " + x.statement());
        assertEquals(Boolean.TRUE, x.shortest(bug.expected().id()).replays(), "the shortest trace replays");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bugs")
    void afterTheFixIsClean(Bug bug) {
        assumeTrue(Replay.available(bug), bug.before() + " / " + bug.after() + " not in this build");
        Exploration x = explore(bug.after(), bug);
        assertTrue(x.complete(), x.statement());
        assertEquals(List.of(), x.bugIds(), bug.after() + " × " + bug.partner().id() + ": " + x.statement());
    }

    /** The table agrees with the models' own claims: before declares the bug, after declares the race correct. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bugs")
    void theModelsClaimWhatTheTableSays(Bug bug) {
        assumeTrue(Replay.available(bug), bug.before() + " / " + bug.after() + " not in this build");
        String race = bug.partner().id();
        assertTrue(Filesystems.resolve(bug.before()).withBlockSize(bug.blockSize()).create().expectations()
                .claim(race).bugs()
                .contains(bug.expected().id()), bug.before() + " does not declare " + bug.expected() + " for " + race);
        assertEquals(java.util.Set.of(), Filesystems.resolve(bug.after()).withBlockSize(bug.blockSize()).create()
                .expectations().claim(race).bugs(),
                bug.after() + " declares bugs for " + race);
    }
}

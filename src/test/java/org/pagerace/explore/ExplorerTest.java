package org.pagerace.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pagerace.check.Backings;
import org.pagerace.check.Outcome;
import org.pagerace.check.Race;
import org.pagerace.check.Sample;
import org.pagerace.cli.Main;
import org.pagerace.fs.Filesystems;
import org.pagerace.fs.Model;
import org.pagerace.mm.Era;
import org.pagerace.mm.ModelBacking;

/** The explorer finds the known bugs with replayable traces, and none where the convention is correct. */
class ExplorerTest {
    private static Explorer explorer;

    @BeforeAll
    static void start() {
        explorer = new Explorer(Explorer.DEFAULT_BOUND);
    }

    @AfterAll
    static void stop() {
        explorer.close();
    }

    private static Exploration explore(String convention, String race, String era) {
        return explorer.explore(Filesystems.resolve(convention), Race.byId(race), Era.byId(era));
    }

    @ParameterizedTest
    @CsvSource({
        "zero-unlocked,     writeback,        modern, UNNOTIFIED_DIRTY",
        "zero-unlocked,     writeback,        2.6.37, UNNOTIFIED_DIRTY",
        "sigbus,            punch-hole,       modern, SPURIOUS_SIGBUS",
        "sigbus,            punch-hole,       2.6.37, SPURIOUS_SIGBUS",
        "unlocked-metadata, truncate-down,    modern, UNBACKED_DIRTY",
        "unlocked-metadata, truncate-down,    2.6.37, UNBACKED_DIRTY",
        "find-or-create,    truncate-down,    modern, PAGE_BEYOND_EOF",
        "find-or-create,    truncate-down,    2.6.37, PAGE_BEYOND_EOF",
    })
    void knownBrokenConventionYieldsItsTrace(String convention, String race, String era, String bug) {
        Exploration x = explore(convention, race, era);
        assertTrue(x.complete(), x.statement());
        assertTrue(x.bugIds().contains(bug), x.name() + " reaches " + x.outcomes());
        Trace t = x.shortest(bug);
        assertEquals(Boolean.TRUE, t.replays(), "the full schedule replays exactly");
        assertTrue(t.preemptions() >= 1 && t.preemptions() <= x.bound());
        assertTrue(t.schedule().length() <= t.fullSchedule().length());

        Schedules.Replayed r = Schedules.replay(x.model(), x.race(), x.era(),
                new ModelBacking(Sample.SIZE, Sample.SIZE), t.schedule());
        assertEquals(bug, r.outcome());
        assertEquals(t.steps(), r.steps(), "the short schedule replays the same steps");
        assertTrue(t.timeline(x.race().actorNames(), ExploreReport.lanes(x)).contains("partner: " + race));
    }

    @Test
    void correctConventionReachesNoBug() {
        Exploration x = explore("invalidate-lock", "truncate-down", "modern");
        assertTrue(x.complete());
        assertTrue(x.bugs().isEmpty(), "bug outcomes reached: " + x.outcomes());
        assertTrue(x.interleavings() > 10);
        assertTrue(x.statement().startsWith("all " + x.interleavings() + " interleavings up to bound "
                + Explorer.DEFAULT_BOUND + " explored, outcomes {"), x.statement());
        for (String id : x.outcomes().keySet()) {
            assertFalse(Outcome.valueOf(id).isBug(), id);
        }
    }

    @Test
    void traceReplaysThroughTheRunCommand() {
        Exploration x = explore("zero-unlocked", "writeback", "modern");
        Trace t = x.shortest("UNNOTIFIED_DIRTY");
        String out = captureOut(() -> assertEquals(0, Main.execute("run", "--fs-model", "zero-unlocked",
                "--race", "writeback", "--era", "modern", "--schedule", t.schedule())));
        assertTrue(out.contains("outcome:  UNNOTIFIED_DIRTY"), out);
        assertTrue(out.contains("schedule: " + t.fullSchedule()), out);
        assertTrue(ExploreReport.command(x, t, null).endsWith("--schedule " + t.schedule()));
    }

    @Test
    void biggerBoundsExploreMoreAndBoundZeroRunsEachActorToItsEnd() {
        Model c = Filesystems.resolve("nopage-locked");
        Race r = Race.byId("truncate-down");
        try (Explorer zero = new Explorer(0); Explorer two = new Explorer(2); Explorer three = new Explorer(3)) {
            Exploration x0 = zero.explore(c, r, Era.MODERN);
            Exploration x2 = two.explore(c, r, Era.MODERN);
            Exploration x3 = three.explore(c, r, Era.MODERN);
            assertEquals(2, x0.interleavings(), "A then B, and B then A");
            assertTrue(x0.interleavings() < x2.interleavings() && x2.interleavings() < x3.interleavings());
            assertTrue(x3.outcomes().keySet().containsAll(x2.outcomes().keySet()));
        }
    }

    @Test
    void spinReductionKeepsTheOutcomesWithFewerRuns() {
        Model c = Filesystems.resolve("nopage-locked");
        Race r = Race.byId("truncate-down");
        try (Explorer plain = new Explorer(3, Explorer.DEFAULT_STEP_CAP, false, Backings.MODEL, null);
                Explorer reduced = new Explorer(3)) {
            Exploration p = plain.explore(c, r, Era.MODERN);
            Exploration s = reduced.explore(c, r, Era.MODERN);
            assertEquals(p.outcomes().keySet(), s.outcomes().keySet());
            assertTrue(s.interleavings() < p.interleavings(), s.interleavings() + " vs " + p.interleavings());
        }
    }

    @Test
    void fileBackingReachesWhatTheModelReaches(@TempDir Path dir) {
        try (Explorer files = new Explorer(Explorer.DEFAULT_BOUND, Explorer.DEFAULT_STEP_CAP, true, Backings.FILE,
                dir)) {
            Exploration f = files.explore(Filesystems.resolve("sigbus"), Race.byId("punch-hole"), Era.MODERN);
            Exploration m = explore("sigbus", "punch-hole", "modern");
            assertEquals("file", f.backing());
            assertEquals(m.outcomes(), f.outcomes());
            assertNotNull(f.shortest("SPURIOUS_SIGBUS"));
            assertEquals(Boolean.TRUE, f.shortest("SPURIOUS_SIGBUS").replays());
        }
    }

    static String captureOut(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}

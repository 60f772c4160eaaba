package org.pagerace.explore;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pagerace.check.Outcome;
import org.pagerace.check.Race;
import org.pagerace.check.Sample;
import org.pagerace.fs.Filesystems;
import org.pagerace.fs.Model;
import org.pagerace.mm.ModelBacking;
import org.pagerace.sched.StepScheduler.Step;

/**
 * Exploring a race of three actors ({@code writeback-in-flight}: the store, the writeback that submits the page's
 * write, and the disk that completes it): every actor steps, the stable-page bug is found where the handler does
 * not wait for writeback (that ext4@3.0, which waits, reaches none is ExpectationsAreReproducibleTest's), its trace
 * replays through a schedule that names the three actors, and schedules in the old positional form ({@code A},
 * {@code B}, {@code C}) still replay.
 */
class ThreeActorsTest {
    private static Explorer explorer;

    @BeforeAll
    static void start() {
        explorer = new Explorer(2);
    }

    @AfterAll
    static void stop() {
        explorer.close();
    }

    private static Exploration explore(String spec) {
        Model m = Filesystems.resolve(spec);
        return explorer.explore(m, Race.WRITEBACK_IN_FLIGHT, m.create().era());
    }

    @Test
    void theRaceHasThreeActorsAndTheSuiteRunsItsReduction() {
        assertEquals(3, Race.WRITEBACK_IN_FLIGHT.actors());
        assertEquals(Race.WRITEBACK, Race.WRITEBACK_IN_FLIGHT.reduction());
        assertEquals(List.of(Sample.FAULT, Sample.PARTNER, Sample.THIRD), Race.WRITEBACK_IN_FLIGHT.actorNames());
        assertEquals(2, Race.PUNCH_HOLE.actors());
        assertEquals(Race.PUNCH_HOLE, Race.PUNCH_HOLE.reduction());
    }

    @Test
    void aHandlerThatDoesNotWaitForWritebackChangesThePageUnderIo() {
        Exploration x = explore("ext4@2.6.37");
        assertTrue(x.complete(), x.statement());
        Trace t = x.shortest(Outcome.UNSTABLE_WRITE.id());
        assertNotNull(t, x.statement());
        Set<String> actors = new TreeSet<>();
        for (Step s : t.steps()) {
            actors.add(s.actor());
        }
        assertEquals(Set.of(Sample.FAULT, Sample.PARTNER, Sample.THIRD), actors, t.fullSchedule());
        assertEquals(Boolean.TRUE, t.replays(), "the full schedule replays exactly");
        Schedules.Replayed r = Schedules.replay(x.model(), x.race(), x.era(),
                new ModelBacking(Sample.SIZE, Sample.SIZE), t.schedule());
        assertEquals(Outcome.UNSTABLE_WRITE.id(), r.outcome());
        assertTrue(t.timeline(x.race().actorNames(), ExploreReport.lanes(x)).contains("third: "));
    }

    @Test
    void theThirdActorIsExploredAtEveryOrder() {
        Exploration x = explore("ext4@3.0");
        assertTrue(x.interleavings() > explorer.explore(Filesystems.resolve("ext4@3.0"), Race.WRITEBACK,
                Filesystems.resolve("ext4@3.0").create().era()).interleavings(), "a third actor adds interleavings");
    }

    @Test
    void positionalScheduleNamesStillReplay() {
        Model m = Filesystems.resolve("ext4@2.6.37");
        ModelBacking backing = new ModelBacking(Sample.SIZE, Sample.SIZE);
        Schedules.Replayed named = Schedules.replay(m, Race.WRITEBACK_IN_FLIGHT, m.create().era(), backing,
                "partner:WRITEBACK_WRITTEN,fault,third");
        Schedules.Replayed positional = Schedules.replay(m, Race.WRITEBACK_IN_FLIGHT, m.create().era(), backing,
                "B:WRITEBACK_WRITTEN,A,C");
        assertEquals(Outcome.UNSTABLE_WRITE.id(), named.outcome());
        assertEquals(named.steps(), positional.steps());
    }
}

package org.pagerace.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pagerace.check.Race;
import org.pagerace.check.Sample;
import org.pagerace.fs.Filesystems;
import org.pagerace.mm.Era;
import org.pagerace.mm.ModelBacking;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;
import org.pagerace.sched.StepScheduler.Step;
import org.pagerace.sched.StepScheduler;

/** {@link StepScheduler#runChoosing}: the same steps as controller stepping, abandonment, pooled threads. */
class ChooserModeTest {
    private static Sample sample(String convention, String race) {
        return Sample.create(Filesystems.resolve(convention).create(), Race.byId(race),
                new ModelBacking(Sample.SIZE, Sample.SIZE));
    }

    /** Runs A until it stops at {@code point}, then B to its end, then A. */
    private static StepScheduler.Chooser switchAt(Point point) {
        return new StepScheduler.Chooser() {
            boolean switched;

            @Override
            public String next(Step last, List<String> enabled) {
                if (last != null && !switched && "A".equals(last.actor()) && last.point() == point) {
                    switched = true;
                }
                String want = switched && enabled.contains("B") ? "B" : "A";
                return enabled.contains(want) ? want : enabled.get(0);
            }
        };
    }

    @Test
    void choosingRecordsTheStepsControllerSteppingRecords() {
        Sample a = sample("zero-unlocked", "writeback");
        List<Step> chosen;
        try (StepScheduler.Threads threads = new StepScheduler.Threads();
                StepScheduler s = new StepScheduler(threads)) {
            s.actor("A", a::runStore).actor("B", a::runPartner);
            assertTrue(s.runChoosing(switchAt(Point.MKWRITE_RETURNED)));
            chosen = s.trace();
        }
        Sample b = sample("zero-unlocked", "writeback");
        try (StepScheduler s = new StepScheduler()) {
            s.actor("A", b::runStore).actor("B", b::runPartner);
            s.run("A:MKWRITE_RETURNED,B");
            assertEquals(chosen, s.trace());
        }
        assertEquals(a.judge(), b.judge());
        assertEquals("UNNOTIFIED_DIRTY", a.judge().id());
    }

    @Test
    void abandonedRunUnwindsItsActorsAndFreesTheirThreads() {
        try (StepScheduler.Threads threads = new StepScheduler.Threads()) {
            for (int i = 0; i < 50; i++) {
                Sample s = sample("nopage-locked", "truncate-down");
                try (StepScheduler sched = new StepScheduler(threads)) {
                    sched.actor("A", s::runStore).actor("B", s::runPartner);
                    int[] n = {0};
                    boolean finished = sched.runChoosing((last, enabled) -> ++n[0] > 5 ? null
                            : enabled.contains("B") && n[0] > 3 ? "B" : enabled.get(0));
                    assertFalse(finished);
                    assertEquals(5, sched.steps());
                    assertThrows(IllegalStateException.class, () -> sched.step("A"));
                }
            }
            assertTrue(threads.created() <= 4, threads.created() + " threads for 100 actors");
        }
        assertEquals(null, Points.installed(), "the hook is removed");
    }

    @Test
    void aChooserThatPicksADisabledActorFailsTheRun() {
        Sample s = sample("sigbus", "enomem");
        try (StepScheduler sched = new StepScheduler(new StepScheduler.Threads())) {
            sched.actor("A", s::runStore).actor("B", s::runPartner);
            assertThrows(IllegalStateException.class, () -> sched.runChoosing((last, enabled) -> "C"));
        }
    }
}

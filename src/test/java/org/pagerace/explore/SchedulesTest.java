package org.pagerace.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pagerace.sched.Point;
import org.pagerace.sched.StepScheduler.Step;

/** Shortening a schedule: one token per run of an actor's steps, more only where a point repeats in the run. */
class SchedulesTest {
    private static Step a(Point p) {
        return new Step("A", p, List.of());
    }

    private static Step b(Point p) {
        return new Step("B", p, List.of());
    }

    @Test
    void runsOfOneActorBecomeOneToken() {
        List<Step> steps = List.of(a(Point.STORE), a(Point.FAULT_PTE_READ), a(Point.MKWRITE_RETURNED),
                b(Point.WRITEBACK_CLEANED), b(null), a(Point.PTE_WRITABLE), a(null));
        assertEquals(List.of("A:MKWRITE_RETURNED", "B", "A"), Schedules.compact(steps));
    }

    @Test
    void aPointThatRepeatsInARunNeedsAStopBeforeItsSecondVisit() {
        List<Step> steps = List.of(a(Point.STORE), a(Point.FAULT_PTE_READ), a(Point.MKWRITE_RETURNED),
                a(Point.STORE), a(Point.FAULT_PTE_READ), b(null));
        assertEquals(List.of("A:MKWRITE_RETURNED", "A:FAULT_PTE_READ", "B"), Schedules.compact(steps));
    }
}

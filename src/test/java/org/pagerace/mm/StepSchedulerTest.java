package org.pagerace.mm;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pagerace.sched.Point;
import org.pagerace.sched.StepScheduler;

/** The scheduler forces interleavings, reports blocking, and replays its own traces exactly. */
class StepSchedulerTest {
    @Test
    void aTraceReplaysToTheSameTrace() {
        String schedule;
        List<StepScheduler.Step> first;
        try (MmFixture f = new MmFixture(Era.MODERN, "model", MmFixture::zeroHandler);
             StepScheduler s = new StepScheduler()) {
            s.actor("A", () -> f.store(3)).actor("B", () -> f.truncate(MmFixture.PAGE1));
            s.run("A:MKWRITE_CHECKED,B:TRUNCATE_UNMAPPED,A");
            schedule = s.schedule();
            first = s.trace();
        }
        try (MmFixture f = new MmFixture(Era.MODERN, "model", MmFixture::zeroHandler);
             StepScheduler s = new StepScheduler()) {
            s.actor("A", () -> f.store(3)).actor("B", () -> f.truncate(MmFixture.PAGE1));
            s.run(schedule);
            assertEquals(first, s.trace());
        }
    }

    @Test
    void aThreadWaitingForAHeldLockCannotStep() {
        try (MmFixture f = new MmFixture(Era.MODERN, "model", MmFixture::lockedHandler);
             StepScheduler s = new StepScheduler()) {
            s.actor("A", () -> f.store(3)).actor("B", () -> f.truncate(MmFixture.PAGE1));
            s.runUntil("A", Point.MKWRITE_CHECKED);
            assertTrue(Folio.folio_test_locked(f.page1), "the handler holds the page lock");
            s.runUntil("B", Point.TRUNCATE_UNMAPPED);
            s.step("B");
            assertTrue(s.isBlocked("B"), "truncate waits for the page lock");
            assertEquals(List.of("A"), s.enabled());
            assertThrows(IllegalStateException.class, () -> s.step("B"));
            s.finishAll();
            assertTrue(s.finished());
        }
    }

    @Test
    void unknownPointNamesAreRejectedWithTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StepScheduler.parse("A:NOT_A_POINT"));
        assertTrue(e.getMessage().contains("MKWRITE_CHECKED"), e.getMessage());
    }
}

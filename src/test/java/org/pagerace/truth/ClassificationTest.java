package org.pagerace.truth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How a sample's stamps become a {@link Phase} and its result a {@link RealOutcome}. */
class ClassificationTest {
    private static OpTimes twoOps(long start, long firstDone, long secondStart, long end) {
        OpTimes t = new OpTimes();
        t.endSecond();
        t.start = start;
        t.firstDone = firstDone;
        t.secondStart = secondStart;
        t.end = end;
        return t;
    }

    @Test
    void phases() {
        OpTimes t = twoOps(100, 200, 300, 400);
        assertEquals(Phase.BEFORE, Phase.of(50, 100, t));
        assertEquals(Phase.OVERLAP, Phase.of(50, 101, t));
        assertEquals(Phase.OVERLAP, Phase.of(150, 250, t));
        assertEquals(Phase.GAP, Phase.of(200, 300, t));
        assertEquals(Phase.OVERLAP, Phase.of(250, 350, t));
        assertEquals(Phase.AFTER, Phase.of(400, 450, t));
    }

    @Test
    void outcomes() {
        long v = TruthRacer.valueFor(3);
        assertEquals(RealOutcome.EFAULT, RealOutcome.classify(TruthRace.TRUNCATE_DOWN, Phase.AFTER, false, 0, v));
        assertEquals(RealOutcome.PERSISTED, RealOutcome.classify(TruthRace.PUNCH_HOLE, Phase.AFTER, true, v, v));
        assertEquals(RealOutcome.LOST, RealOutcome.classify(TruthRace.PUNCH_HOLE, Phase.BEFORE, true, 0, v));
        assertEquals(RealOutcome.UNEXPECTED_DATA,
                RealOutcome.classify(TruthRace.MSYNC, Phase.OVERLAP, true, TruthRacer.valueFor(2), v));
        assertEquals(RealOutcome.TAIL_KEPT, RealOutcome.classify(TruthRace.PARTIAL_PAGE, Phase.GAP, true, v, v));
        assertEquals(RealOutcome.TAIL_ZEROED, RealOutcome.classify(TruthRace.PARTIAL_PAGE, Phase.GAP, true, 0, v));
        assertEquals(RealOutcome.PERSISTED, RealOutcome.classify(TruthRace.PARTIAL_PAGE, Phase.OVERLAP, true, v, v));
    }
}

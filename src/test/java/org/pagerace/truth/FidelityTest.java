package org.pagerace.truth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pagerace.check.Outcome;
import org.pagerace.check.Race;

/** The emulated-to-real outcome mapping, and what the comparison calls a mismatch. */
class FidelityTest {
    @Test
    void mapsEachEmulatedOutcomeAsStated() {
        for (Outcome o : Outcome.values()) {
            String expected;
            switch (o) {
                case OK:
                case OK_RETRIED:
                case OOM:
                    expected = "PERSISTED";
                    break;
                case DISCARDED:
                    expected = "LOST";
                    break;
                case SIGBUS:
                    expected = "EFAULT";
                    break;
                case TAIL_KEPT:
                    expected = "TAIL_KEPT";
                    break;
                case TAIL_ZEROED:
                    expected = "TAIL_ZEROED";
                    break;
                default:
                    assertTrue(o.isBug(), o + " is neither mapped nor a bug outcome");
                    expected = o.id();
            }
            assertEquals(expected, Fidelity.realId(o), o.id());
        }
    }

    @Test
    void asRealMergesCounts() {
        Map<Outcome, Long> emu = new EnumMap<>(Outcome.class);
        emu.put(Outcome.OK, 5L);
        emu.put(Outcome.OK_RETRIED, 3L);
        emu.put(Outcome.SIGBUS, 2L);
        emu.put(Outcome.LOST_WRITE, 1L);
        assertEquals(Map.of("PERSISTED", 8L, "EFAULT", 2L, "LOST_WRITE", 1L), Fidelity.asReal(emu));
    }

    @Test
    void listsEveryOneSidedOutcome() {
        Map<RealOutcome, Long> real = new EnumMap<>(RealOutcome.class);
        real.put(RealOutcome.PERSISTED, 900L);
        real.put(RealOutcome.LOST, 100L);
        TruthResult r = new TruthResult("6.1.0-50-amd64", "ext4", "/x", "dev opts", TruthRace.PUNCH_HOLE, 1000, real, Map.of(), 0,
                List.of(), 1.0, 1000, 500, true, -1, -1, 0);
        Map<Outcome, Long> emu = new EnumMap<>(Outcome.class);
        emu.put(Outcome.OK, 9000L);
        emu.put(Outcome.LOST_WRITE, 990L);
        emu.put(Outcome.OK_RETRIED, 10L);
        EmulatedOutcomes e = new EmulatedOutcomes("invalidate-lock", "a summary", "a claim", Race.PUNCH_HOLE, 10_000, emu, 1.0, "none", 4096);
        List<Mismatch> ms = Fidelity.compare(r, e);
        assertEquals(2, ms.size(), ms.toString());
        Mismatch lost = ms.get(0);
        assertEquals("LOST", lost.outcome());
        assertEquals(Mismatch.Side.REAL_ONLY, lost.side());
        assertEquals(1000.0, lost.expectedOnOtherSide(), 1e-9);
        assertTrue(lost.interpretation().contains("never did"), lost.interpretation());
        Mismatch bug = ms.get(1);
        assertEquals("LOST_WRITE", bug.outcome());
        assertEquals(Mismatch.Side.EMULATED_ONLY, bug.side());
        assertTrue(bug.interpretation().contains("bug outcome"), bug.interpretation());
    }

    @Test
    void partialPageComparesTheTailOutcomes() {
        Map<RealOutcome, Long> real = new EnumMap<>(RealOutcome.class);
        real.put(RealOutcome.PERSISTED, 276L);
        real.put(RealOutcome.LOST, 1506L);
        real.put(RealOutcome.TAIL_ZEROED, 218L);
        TruthResult r = new TruthResult("6.18.44", "tmpfs", "/x", "dev opts", TruthRace.PARTIAL_PAGE, 2000, real,
                Map.of(), 0, List.of(), 1.0, 1000, 500, true, -1, -1, 0);
        Map<Outcome, Long> emu = new EnumMap<>(Outcome.class);
        emu.put(Outcome.OK, 6000L);
        emu.put(Outcome.DISCARDED, 3000L);
        emu.put(Outcome.TAIL_KEPT, 1000L);
        EmulatedOutcomes e = new EmulatedOutcomes("shmem@6.12", "a summary", "a claim", Race.PARTIAL_PAGE, 10_000, emu,
                1.0, "none", 4096);
        List<Mismatch> ms = Fidelity.compare(r, e);
        assertEquals(List.of("TAIL_ZEROED", "TAIL_KEPT"), ms.stream().map(Mismatch::outcome).toList(), ms.toString());
        assertEquals(Mismatch.Side.REAL_ONLY, ms.get(0).side());
        assertEquals(Mismatch.Side.EMULATED_ONLY, ms.get(1).side());
    }

    @Test
    void partialPageHasItsEmulatedCounterpart() {
        assertEquals(Race.PARTIAL_PAGE, TruthRace.PARTIAL_PAGE.emulated().orElseThrow());
    }

    @Test
    void aRareOutcomeIsCalledSampling() {
        Map<RealOutcome, Long> real = new EnumMap<>(RealOutcome.class);
        real.put(RealOutcome.EFAULT, 100L);
        TruthResult r = new TruthResult("6.1.0-50-amd64", "xfs", "/x", "dev opts", TruthRace.TRUNCATE_DOWN, 100, real, Map.of(), 0,
                List.of(), 1.0, 1000, 500, true, -1, -1, 0);
        Map<Outcome, Long> emu = new EnumMap<>(Outcome.class);
        emu.put(Outcome.SIGBUS, 9990L);
        emu.put(Outcome.DISCARDED, 10L);
        EmulatedOutcomes e = new EmulatedOutcomes("invalidate-lock", "a summary", "a claim", Race.TRUNCATE_DOWN, 10_000, emu, 1.0, "none", 4096);
        List<Mismatch> ms = Fidelity.compare(r, e);
        assertEquals(1, ms.size());
        assertEquals(0.1, ms.get(0).expectedOnOtherSide(), 1e-9);
        assertTrue(ms.get(0).interpretation().startsWith("sampling"), ms.get(0).interpretation());
    }
}

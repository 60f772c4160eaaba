package org.pagerace.stress;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pagerace.results.StressFile;

/** The per-test sampling decision: the floor, the miss chance, the planning rate from a measurement. */
class SamplingPlanTest {
    private static StressFile.Test measured(long samples, Map<String, Long> outcomes, double samplesPerSecond) {
        return new StressFile.Test("m", "fs", "", "punch-hole", "model", "modern", List.of("LOST_WRITE"), "",
                samples, outcomes, List.of(), List.of(), "KNOWN_BUG", samplesPerSecond, Map.of(), List.of());
    }

    @Test
    void aTestWithNoKnownBugTakesTheFloor() {
        SamplingPlan.Decision d = SamplingPlan.decide(List.of(), "model", null);
        assertEquals(SamplingPlan.FLOOR, d.samples());
        assertEquals(SamplingPlan.MODEL_SAMPLES_PER_SECOND, d.samplesPerSecond());
        assertEquals(20_000 / SamplingPlan.MODEL_SAMPLES_PER_SECOND, d.seconds(), 1e-12);
    }

    @Test
    void theSamplesForARateKeepTheMissChanceBelowTheBound() {
        for (double rate : new double[] {1e-1, 1e-2, 1e-3, 2.5e-4, 1e-5}) {
            long n = SamplingPlan.samplesFor(rate);
            assertTrue(SamplingPlan.missChance(n, rate) < SamplingPlan.MISS_CHANCE, "rate " + rate);
            assertTrue(SamplingPlan.missChance(n - 1, rate) >= SamplingPlan.MISS_CHANCE, "rate " + rate + ": minimal");
        }
        assertEquals(55_256, SamplingPlan.samplesFor(2.5e-4), 1, "ln(10^6) / 2.5e-4, about 55,262");
    }

    @Test
    void aCommonKnownBugTakesTheFloorAndARareOneMore() {
        SamplingPlan.Decision common = SamplingPlan.decide(List.of("LOST_WRITE"), "model",
                measured(20_000, Map.of("LOST_WRITE", 400L, "OK", 19_600L), 50_000));
        assertEquals(SamplingPlan.FLOOR, common.samples(), common.basis());
        assertEquals(50_000, common.samplesPerSecond(), "the measured speed");
        SamplingPlan.Decision rare = SamplingPlan.decide(List.of("LOST_WRITE"), "model",
                measured(20_000, Map.of("LOST_WRITE", 20L, "OK", 19_980L), 50_000));
        assertTrue(rare.samples() > SamplingPlan.FLOOR, rare.basis());
        assertTrue(SamplingPlan.missChance(rare.samples(), 20 / 20_000.0 / SamplingPlan.RATE_SPREAD) < 1e-6,
                "even at a third of the measured rate");
        assertTrue(rare.planRate() < 20 / 20_000.0 / SamplingPlan.RATE_SPREAD, "below the point estimate / spread");
    }

    @Test
    void aBugSeenOnceTakesAtMostTheLongestSamplingOfATest() {
        SamplingPlan.Decision once = SamplingPlan.decide(List.of("STALE_WRITE"), "model",
                measured(30_220, Map.of("STALE_WRITE", 1L, "OK", 30_219L), 20_000));
        assertEquals((long) (SamplingPlan.MAX_TEST_SECONDS * 20_000), once.samples(), once.basis());
        assertTrue(once.basis().contains("capped"), once.basis());
        assertTrue(SamplingPlan.samplesFor(once.planRate()) > once.samples(), "the uncapped plan asks for more");
    }

    @Test
    void aKnownBugTheMeasurementMissedIsPlannedAtTheAssumedRate() {
        SamplingPlan.Decision d = SamplingPlan.decide(List.of("LOST_WRITE"), "file",
                measured(20_000, Map.of("OK", 20_000L), 10_000));
        assertEquals(SamplingPlan.ASSUMED_RATE, d.planRate());
        assertEquals(SamplingPlan.samplesFor(SamplingPlan.ASSUMED_RATE), d.samples());
        SamplingPlan.Decision none = SamplingPlan.decide(List.of("LOST_WRITE"), "file", null);
        assertEquals(d.samples(), none.samples());
        assertEquals(SamplingPlan.FILE_SAMPLES_PER_SECOND, none.samplesPerSecond());
    }

    @Test
    void theRarestOfSeveralKnownBugsDecides() {
        StressFile.Test m = measured(100_000, Map.of("LOST_WRITE", 30L, "SPURIOUS_SIGBUS", 5_000L, "OK", 94_970L),
                50_000);
        SamplingPlan.Decision both = SamplingPlan.decide(List.of("SPURIOUS_SIGBUS", "LOST_WRITE"), "model", m);
        SamplingPlan.Decision rare = SamplingPlan.decide(List.of("LOST_WRITE"), "model", m);
        assertEquals(rare.samples(), both.samples());
        assertTrue(both.basis().startsWith("LOST_WRITE"), both.basis());
    }

    @Test
    void impossibleRatesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SamplingPlan.samplesFor(0));
        assertThrows(IllegalArgumentException.class, () -> SamplingPlan.planRate(5, 4));
    }
}

package org.pagerace.stress;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pagerace.results.PlanFile;

/** Spending a time budget: more samples when the plan fits, the most protective tests when it does not. */
class TimeBudgetTest {
    private static List<PlanFile.Test> plan() {
        List<PlanFile.Test> tests = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String backing = i < 40 ? "model" : "file";
            List<String> known = i % 10 == 9 ? List.of("LOST_WRITE") : List.of();
            tests.add(new PlanFile.Test(i, "m" + i, "m" + i, "fs", "", "punch-hole", backing, "modern", 4096,
                    i == 20 ? "H10 before" : null, known, "", 200_000, "model".equals(backing) ? 40_000 : 20_000,
                    "floor"));
        }
        return tests;
    }

    @Test
    void theExpectedWallCountsAStartPerBackingForksAndSampling() {
        List<PlanFile.Test> tests = plan();
        double model = 40 * 5.0;
        double file = 20 * 10.0;
        double expected = 2 * TimeBudget.HOST_SECONDS // a JCStress run per backing
                + Math.ceil(model / 60) * TimeBudget.CONFIGS * TimeBudget.FORK_SECONDS + model * TimeBudget.MARGIN
                + Math.ceil(file / 60) * TimeBudget.CONFIGS * TimeBudget.FORK_SECONDS + file * TimeBudget.MARGIN;
        assertEquals(expected, TimeBudget.expectedSeconds(tests, 60), 1e-9);
        double oneBatchOfTheLeast = 2 * TimeBudget.HOST_SECONDS
                + 2 * TimeBudget.CONFIGS * TimeBudget.FORK_SECONDS + 2 * Batches.MIN_SECONDS * TimeBudget.MARGIN;
        assertEquals(oneBatchOfTheLeast, TimeBudget.expectedSeconds(tests.subList(38, 42), 60), 1e-9,
                "two model tests of 5 s, two file tests of 10 s: each batch samples at least its least");
    }

    @Test
    void jcstressRunsTwoConfigurationsUpToJdk17AndOneFromJdk18() {
        assertEquals(2, TimeBudget.configsOn(17));
        assertEquals(1, TimeBudget.configsOn(18));
        assertEquals(1, TimeBudget.configsOn(25));
    }

    @Test
    void aBudgetThatHoldsThePlanRaisesEverySample() {
        List<PlanFile.Test> tests = plan();
        double need = TimeBudget.expectedSeconds(tests, 60);
        TimeBudget.Fit fit = TimeBudget.fit(tests, need * 2, 60);
        assertTrue(fit.skipped().isEmpty());
        assertTrue(fit.scale() > 2, "the fixed costs do not grow, so sampling more than doubles: " + fit.scale());
        fit.tests().forEach(t -> assertTrue(t.samplesTarget() > 40_000, t.toString()));
        // each test's samples are rounded up to a whole sample: up to 60 × 1.25 / 20,000 s over the budget
        double roundUp = tests.size() * TimeBudget.MARGIN / 20_000;
        assertEquals(need * 2, TimeBudget.expectedSeconds(fit.tests(), 60 * fit.scale()), roundUp);
    }

    @Test
    void aShortBudgetKeepsKnownBugsAndHistoryThenTheModelBackingAndNamesWhatItSkips() {
        List<PlanFile.Test> tests = plan();
        double budget = 150;
        TimeBudget.Fit fit = TimeBudget.fit(tests, budget, 60);
        assertFalse(fit.skipped().isEmpty());
        assertTrue(fit.expectedSeconds() <= budget);
        List<PlanFile.Test> kept = fit.tests().stream().filter(t -> t.samplesTarget() > 0).toList();
        assertTrue(kept.stream().anyMatch(t -> t.id() == 20), "the history pair is kept");
        for (PlanFile.Test t : tests) {
            if (!t.expectedBugs().isEmpty()) {
                assertTrue(kept.stream().anyMatch(k -> k.id() == t.id()), "known bug test " + t.id() + " kept");
            }
        }
        boolean modelSkipped = fit.skipped().stream().anyMatch(t -> "model".equals(t.backing()));
        boolean fileKept = kept.stream().anyMatch(t -> "file".equals(t.backing()) && t.expectedBugs().isEmpty());
        assertFalse(modelSkipped && fileKept, "a plain file test is never kept while a model test is skipped");
        fit.skipped().forEach(t -> assertEquals(0, t.samplesTarget()));
        assertEquals(tests.size(), fit.tests().size(), "every test stays in the plan, skipped ones with 0 samples");
    }

    @Test
    void aNonPositiveBudgetIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TimeBudget.fit(plan(), 0, 60));
    }
}

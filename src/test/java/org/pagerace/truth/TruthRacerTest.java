package org.pagerace.truth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A short real run of every race on the temp dir: each sample is classified into an outcome the race allows, the
 * counts (overall and by phase) add up to the iterations, and the run reports its settings.
 */
class TruthRacerTest {
    private static final long ITERATIONS = 60;

    @ParameterizedTest
    @EnumSource(TruthRace.class)
    void everySampleIsClassified(TruthRace race) {
        TruthResult r = new TruthRacer(Path.of(System.getProperty("java.io.tmpdir")), race, 7).run(ITERATIONS);
        assertTrue(race.possibleOutcomes().containsAll(r.outcomes().keySet()), "outcomes " + r.outcomes());
        assertEquals(ITERATIONS, r.outcomes().values().stream().mapToLong(Long::longValue).sum());
        long byPhase = 0;
        for (Map<RealOutcome, Long> m : r.outcomesByPhase().values()) {
            byPhase += m.values().stream().mapToLong(Long::longValue).sum();
        }
        assertEquals(ITERATIONS, byPhase);
        assertEquals(ITERATIONS, r.iterations());
        assertTrue(r.delayNanos() > 0 && r.delayNanos() == 2 * r.opMedianNanos(), "J = 2 x the partner's median");
        assertTrue(r.iterationsPerSecond() > 0);
        assertTrue(r.anomalies() <= ITERATIONS && r.anomalyExamples().size() <= r.anomalies());
    }
}

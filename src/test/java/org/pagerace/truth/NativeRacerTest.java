package org.pagerace.truth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A short real run of every race on the temp dir through {@code pagerace-racer}, extracted from the class path:
 * one line per race, each sample classified into an outcome the race allows, the counts (overall and by phase)
 * adding up to the iterations, the row naming this kernel and the settings it ran with.
 */
class NativeRacerTest {
    private static final long ITERATIONS = 60;

    @Test
    void everyRaceRunsAndEverySampleIsClassified() {
        RacerOutput out = new RacerOutput();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        NativeRacer.run(List.of(tmp), List.of(TruthRace.values()), ITERATIONS, 7, out::add);
        assertEquals(List.of(), out.failures(), "the temp dir supports every operation");
        assertEquals(TruthRace.values().length, out.results().size());
        for (TruthResult r : out.results()) {
            assertEquals(System.getProperty("os.version"), r.kernel(), "the row names the running kernel");
            assertTrue(r.race().possibleOutcomes().containsAll(r.outcomes().keySet()), "outcomes " + r.outcomes());
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

    @Test
    void truncateDownNeverPersists() {
        RacerOutput out = new RacerOutput();
        NativeRacer.run(List.of(Path.of("/dev/shm")), List.of(TruthRace.TRUNCATE_DOWN), 200, 3, out::add);
        TruthResult r = out.results().get(0);
        assertEquals("tmpfs", r.fsType());
        assertTrue(!r.outcomes().containsKey(RealOutcome.PERSISTED), "page 1 ends beyond EOF: " + r.outcomes());
    }
}

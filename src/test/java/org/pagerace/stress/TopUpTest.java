package org.pagerace.stress;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pagerace.results.PlanFile;

/** A further pass gives each short test what it lacks, at the speed it sampled at. */
class TopUpTest {
    private static StressTest sampled(PlanFile.Test t, long samples, double seconds, boolean error) {
        StressTest s = new StressTest(t);
        s.samples = samples;
        s.seconds = seconds;
        s.jcstressError = error;
        return s;
    }

    @Test
    void shortTestsGetWhatTheyLackAndTheOthersNothing() {
        PlanFile.Test full = BatchesTest.test(0, "model", 20_000, 40_000);
        PlanFile.Test shortOne = BatchesTest.test(1, "model", 20_000, 40_000);
        PlanFile.Test missing = BatchesTest.test(2, "file", 30_000, 20_000);
        PlanFile.Test broken = BatchesTest.test(3, "model", 20_000, 40_000);
        PlanFile.Test skipped = BatchesTest.test(4, "model", 0, 40_000);
        List<PlanFile.Test> more = TopUp.shortfalls(List.of(full, shortOne, missing, broken, skipped),
                List.of(sampled(full, 20_100, 1, false), sampled(shortOne, 5_000, 1, false),
                        sampled(broken, 10, 1, true)));
        assertEquals(List.of(1, 2), more.stream().map(PlanFile.Test::id).toList());
        assertEquals(5_000, more.get(0).samplesPerSecond(), 1e-9, "planned at the speed it sampled at");
        assertEquals(20_000, more.get(1).samplesPerSecond(), 1e-9, "never sampled: the planned speed");
        assertTrue(more.get(0).samplesTarget() >= 15_000 * 1.1, "what it lacks and 10 % more, at least");
        assertTrue(more.get(1).samplesTarget() >= 30_000 * 1.1);
    }

    @Test
    void aPassAsksForItsForksWarmUpToo() {
        List<PlanFile.Test> planned = new ArrayList<>();
        List<StressTest> sampled = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            PlanFile.Test t = BatchesTest.test(i, "model", SamplingPlan.FLOOR, 100_000);
            planned.add(t);
            sampled.add(sampled(t, SamplingPlan.FLOOR - 700, 0.2, false));
        }
        List<PlanFile.Test> more = TopUp.shortfalls(planned, sampled);
        assertEquals(400, more.size());
        double seconds = more.stream().mapToDouble(PlanFile.Test::expectedSeconds).sum();
        double shortfalls = 400 * 770 / 100_000.0;
        assertEquals(shortfalls + 400 * Batches.WARM_UP_SECONDS_PER_TEST, seconds, 0.01 * seconds,
                "770 samples each at 100,000/s is 3 s in all, and 400 tests warm up");
        more.forEach(t -> assertEquals(more.get(0).samplesTarget(), t.samplesTarget(), 1, "raised alike"));
    }

    @Test
    void aTestShortByLessThanTheLeastTopUpIsStillToppedUp() {
        PlanFile.Test nearlyThere = BatchesTest.test(0, "model", SamplingPlan.FLOOR, 40_000);
        List<PlanFile.Test> more = TopUp.shortfalls(List.of(nearlyThere),
                List.of(sampled(nearlyThere, 19_508, 1, false)));
        assertEquals(1, more.size(), "492 samples short of the floor is short");
        assertTrue(more.get(0).samplesTarget() >= TopUp.MIN_SHORTFALL * 1.1);
    }

    @Test
    void aTestAtItsTargetIsNotToppedUp() {
        PlanFile.Test done = BatchesTest.test(0, "model", SamplingPlan.FLOOR, 40_000);
        assertTrue(TopUp.shortfalls(List.of(done), List.of(sampled(done, SamplingPlan.FLOOR, 1, false))).isEmpty());
    }
}

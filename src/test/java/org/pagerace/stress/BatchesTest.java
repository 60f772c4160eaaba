package org.pagerace.stress;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pagerace.results.PlanFile;

/** Cutting the plan into batches of several tests per fork, and the order a fork draws their samples in. */
class BatchesTest {
    static PlanFile.Test test(int id, String backing, long samples, double perSecond) {
        return new PlanFile.Test(id, "m" + id, "m" + id, "fs", "", "punch-hole", backing, "modern", 4096, null,
                List.of(), "", samples, perSecond, "floor");
    }

    private static Map<Integer, Long> samplesPerTest(List<PlanFile.Batch> batches) {
        Map<Integer, Long> out = new HashMap<>();
        batches.forEach(b -> b.shares().forEach(s -> out.merge(s.test(), s.samples(), Long::sum)));
        return out;
    }

    @Test
    void everyTestGetsItsSamplesAndBatchesAreEqualPerBacking() {
        List<PlanFile.Test> tests = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            tests.add(test(i, i % 3 == 0 ? "file" : "model", 20_000 + 1_000L * i, i % 3 == 0 ? 20_000 : 40_000));
        }
        List<PlanFile.Batch> batches = Batches.cut(tests, 5);
        Map<Integer, Long> got = samplesPerTest(batches);
        for (PlanFile.Test t : tests) {
            assertEquals(t.samplesTarget(), got.get(t.id()), "test " + t.id());
        }
        for (String backing : new String[] {"model", "file"}) {
            double total = tests.stream().filter(t -> t.backing().equals(backing))
                    .mapToDouble(PlanFile.Test::expectedSeconds).sum();
            List<PlanFile.Batch> mine = batches.stream().filter(b -> b.backing().equals(backing)).toList();
            assertEquals((int) Math.ceil(total / 5), mine.size(), backing);
            for (PlanFile.Batch b : mine) {
                assertEquals(total / mine.size(), b.seconds(), 0.05 * total / mine.size(), backing + " batch " + b.slot());
                b.shares().forEach(s -> assertEquals(backing, tests.get(s.test()).backing()));
            }
        }
        for (int i = 0; i < batches.size(); i++) {
            assertEquals(i, batches.get(i).slot());
        }
    }

    @Test
    void theDefaultPlanIsOneBatchPerBackingWhateverItsSpeed() {
        for (double speed : new double[] {45_000, 83_590, 110_300, 143_000}) {
            List<PlanFile.Test> tests = new ArrayList<>();
            for (int i = 0; i < 571; i++) {
                tests.add(test(i, "model", 22_500, speed));
            }
            assertEquals(1, Batches.count(tests, Batches.TARGET_SECONDS), speed + " samples/s");
        }
    }

    @Test
    void aSmallPlanIsRaisedToTheLeastABatchSamplesAndALargeOneIsNot() {
        List<PlanFile.Test> tests = new ArrayList<>();
        for (int i = 0; i < 26; i++) {
            tests.add(test(i, "model", 20_000, 100_000)); // 5.2 s in all
        }
        tests.add(test(26, "file", 200_000, 10_000)); // 20 s
        tests.add(test(27, "model", 0, 100_000)); // skipped
        List<PlanFile.Test> raised = Batches.atLeastMinimum(tests, 300);
        double model = raised.stream().filter(t -> t.backing().equals("model"))
                .mapToDouble(PlanFile.Test::expectedSeconds).sum();
        assertEquals(Batches.MIN_SECONDS, model, 0.01);
        assertEquals(tests.get(26), raised.get(26), "a batch at its least already");
        assertEquals(0, raised.get(27).samplesTarget(), "a skipped test stays skipped");
    }

    @Test
    void noTestIsCutIntoATinyPiece() {
        List<PlanFile.Test> tests = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            tests.add(test(i, "model", 20_000 + 777L * i, 40_000));
        }
        for (PlanFile.Batch b : Batches.cut(tests, 3)) {
            b.shares().forEach(s -> assertTrue(s.samples() >= Batches.MIN_PIECE, s.toString()));
        }
    }

    @Test
    void skippedTestsAreLeftOutAndLaterPassesNumberOnFromTheFirstSlot() {
        List<PlanFile.Test> tests = List.of(test(0, "model", 20_000, 40_000), test(1, "model", 0, 40_000));
        List<PlanFile.Batch> batches = Batches.cut(tests, 10, 7);
        assertEquals(1, batches.size());
        assertEquals(7, batches.get(0).slot());
        assertEquals(List.of(new PlanFile.Share(0, 20_000)), batches.get(0).shares());
    }

    @Test
    void theDrawingOrderGivesEachTestItsShare() {
        PlanFile.Batch b = new PlanFile.Batch(0, "model", 1, List.of(new PlanFile.Share(3, 60_000),
                new PlanFile.Share(5, 30_000), new PlanFile.Share(9, 10_000)));
        int[] order = Batches.schedule(b, 1000);
        Map<Integer, Integer> counts = new HashMap<>();
        for (int t : order) {
            counts.merge(t, 1, Integer::sum);
        }
        assertEquals(Map.of(3, 600, 5, 300, 9, 100), counts);
        for (int i = 0; i + 20 <= order.length; i += 20) {
            boolean nine = false;
            for (int k = i; k < i + 20; k++) {
                nine |= order[k] == 9;
            }
            assertTrue(nine, "the smallest share comes round every 20 draws (spread, not in a block)");
        }
    }
}

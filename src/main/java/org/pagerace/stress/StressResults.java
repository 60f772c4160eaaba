package org.pagerace.stress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openjdk.jcstress.infra.Status;
import org.openjdk.jcstress.infra.collectors.DiskReadCollector;
import org.openjdk.jcstress.infra.collectors.InProcessCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;
import org.pagerace.results.BadInputException;
import org.pagerace.results.PlanFile;

/**
 * Reads JCStress's own binary results ({@code jcstress-results-*.bin.gz}) with its own classes
 * ({@link DiskReadCollector}), and folds the per-configuration results of each slot's batch into one
 * {@link StressTest} per planned test; the graded ids the slots report ({@code 17 KNOWN:LOST_WRITE},
 * {@code 17 BUG:LOST_WRITE}) become outcome ids of test 17. {@link org.pagerace.stress.ShimSmoke} and other non-matrix tests are kept apart.
 */
public final class StressResults {
    private final List<StressTest> tests;
    private final List<String> otherFailures;

    private StressResults(List<StressTest> tests, List<String> otherFailures) {
        this.tests = tests;
        this.otherFailures = otherFailures;
    }

    public List<StressTest> tests() {
        return tests;
    }

    /** Non-matrix tests (the smoke test) that failed, by name. */
    public List<String> otherFailures() {
        return otherFailures;
    }

    /**
     * Reads every results file in {@code dir}; slots are mapped to batches, and each outcome to its test, with
     * {@code plan}. A test's sampling time is its share (by samples) of its batches' sampling time, so its samples
     * per second are those of the batches it ran in. A slot's JCStress error marks every test of its batch.
     */
    public static StressResults read(Path dir, PlanFile plan) {
        InProcessCollector collector = new InProcessCollector();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.getFileName().toString()
                    .matches("jcstress-results-.*\\.bin\\.gz"))::iterator) {
                DiskReadCollector reader = new DiskReadCollector(p.toString(), collector);
                try {
                    reader.dump();
                } finally {
                    reader.close();
                }
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new BadInputException("cannot read JCStress results in " + dir + ": " + e);
        }
        Map<Integer, PlanFile.Batch> batches = new java.util.HashMap<>();
        plan.batches().forEach(b -> batches.put(b.slot(), b));
        Map<Integer, StressTest> tests = new java.util.TreeMap<>();
        List<String> otherFailures = new ArrayList<>();
        for (TestResult result : collector.getTestResults()) {
            PlanFile.Batch batch = batches.get(SuiteNames.slotOf(result.getName()));
            if (batch == null) {
                if (result.status() != Status.NORMAL || !result.grading().isPassed) {
                    otherFailures.add(result.getName() + " " + result.getConfig().jvmArgs);
                }
                continue;
            }
            List<StressTest> mine = new ArrayList<>();
            for (PlanFile.Share share : batch.shares()) {
                mine.add(tests.computeIfAbsent(share.test(), n -> new StressTest(plan.tests().get(n))));
            }
            if (result.status() != Status.NORMAL) {
                for (StressTest t : mine) {
                    t.jcstressError = true;
                    t.messages.add(result.status() + " " + result.getConfig().jvmArgs + ": " + result.getMessages());
                }
            }
            Map<Integer, Long> samplesOf = new java.util.HashMap<>();
            long all = 0;
            for (String key : result.getStateKeys()) {
                long n = result.getCount(key);
                int id = Graded.testOf(key);
                StressTest t = tests.get(id);
                if (t == null || !mine.contains(t)) {
                    mine.forEach(m -> m.outcomes.merge(key, n, Long::sum));
                    continue;
                }
                t.outcomes.merge(Graded.outcomeId(key), n, Long::sum);
                t.samples += n;
                samplesOf.merge(id, n, Long::sum);
                all += n;
            }
            double seconds = result.getConfig().time * (double) result.getConfig().iters / 1000.0;
            for (Map.Entry<Integer, Long> e : samplesOf.entrySet()) {
                tests.get(e.getKey()).seconds += seconds * e.getValue() / all;
            }
        }
        return new StressResults(new ArrayList<>(tests.values()), otherFailures);
    }
}

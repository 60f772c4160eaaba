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

/**
 * Reads JCStress's own binary results ({@code jcstress-results-*.bin.gz}) with its own classes
 * ({@link DiskReadCollector}), and folds the per-configuration results of each slot into one {@link StressTest} of the
 * plan; the graded ids the slots report ({@code KNOWN:LOST_WRITE}, {@code BUG:LOST_WRITE}) become outcome ids. {@link org.pagerace.stress.ShimSmoke} and other non-matrix tests are kept apart.
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

    /** Reads every results file in {@code dir}; slots are mapped to tests with {@code plan}. */
    public static StressResults read(Path dir, List<RunPlan.Test> plan) {
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
        Map<Integer, StressTest> tests = new java.util.TreeMap<>();
        List<String> otherFailures = new ArrayList<>();
        for (TestResult result : collector.getTestResults()) {
            int slot = SuiteNames.slotOf(result.getName());
            if (slot < 0 || slot >= plan.size()) {
                if (result.status() != Status.NORMAL || !result.grading().isPassed) {
                    otherFailures.add(result.getName() + " " + result.getConfig().jvmArgs);
                }
                continue;
            }
            StressTest t = tests.computeIfAbsent(slot, n -> new StressTest(plan.get(n)));
            if (result.status() != Status.NORMAL) {
                t.jcstressError = true;
                t.messages.add(result.status() + " " + result.getConfig().jvmArgs + ": " + result.getMessages());
            }
            for (String key : result.getStateKeys()) {
                long n = result.getCount(key);
                t.outcomes.merge(Graded.outcomeId(key), n, Long::sum);
                t.samples += n;
            }
            t.seconds += result.getConfig().time * (double) result.getConfig().iters / 1000.0;
        }
        return new StressResults(new ArrayList<>(tests.values()), otherFailures);
    }
}

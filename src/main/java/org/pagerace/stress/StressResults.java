package org.pagerace.stress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openjdk.jcstress.infra.Status;
import org.openjdk.jcstress.infra.collectors.DiskReadCollector;
import org.openjdk.jcstress.infra.collectors.InProcessCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;
import org.pagerace.check.Race;
import org.pagerace.fs.Convention;
import org.pagerace.fs.Conventions;
import org.pagerace.report.BadInputException;

/**
 * Reads JCStress's own binary results ({@code jcstress-results-*.bin.gz}) with its own classes
 * ({@link DiskReadCollector}), and folds the per-configuration results of each generated test into one
 * {@link StressTest}. {@link org.pagerace.stress.ShimSmoke} and other non-matrix tests are kept apart.
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

    /** Reads every results file in {@code dir} for era {@code era}. */
    public static StressResults read(Path dir, String era) {
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
        Map<String, String[]> byName = new LinkedHashMap<>();
        for (Convention c : Conventions.all()) {
            for (Race r : Race.values()) {
                for (String b : new String[] {"model", "file"}) {
                    byName.put(SuiteNames.testName(c.id(), r.id(), b), new String[] {c.id(), r.id(), b});
                }
            }
        }
        Map<String, StressTest> tests = new LinkedHashMap<>();
        List<String> otherFailures = new ArrayList<>();
        for (TestResult result : collector.getTestResults()) {
            String[] ids = byName.get(result.getName());
            if (ids == null) {
                if (result.status() != Status.NORMAL || !result.grading().isPassed) {
                    otherFailures.add(result.getName() + " " + result.getConfig().jvmArgs);
                }
                continue;
            }
            StressTest t = tests.computeIfAbsent(result.getName(), n -> new StressTest(ids[0], ids[1], ids[2], era));
            if (result.status() != Status.NORMAL) {
                t.jcstressError = true;
                t.messages.add(result.status() + " " + result.getConfig().jvmArgs + ": " + result.getMessages());
            }
            for (String key : result.getStateKeys()) {
                long n = result.getCount(key);
                t.outcomes.merge(key, n, Long::sum);
                t.samples += n;
            }
            t.seconds += result.getConfig().time * (double) result.getConfig().iters / 1000.0;
        }
        return new StressResults(new ArrayList<>(tests.values()), otherFailures);
    }
}

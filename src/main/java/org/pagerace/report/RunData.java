package org.pagerace.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.pagerace.bench.BenchSummary;
import org.pagerace.results.BadInputException;
import org.pagerace.results.BenchSummaryFile;
import org.pagerace.results.EnvFile;
import org.pagerace.results.ExploreFile;
import org.pagerace.results.JmhResult;
import org.pagerace.results.Json;
import org.pagerace.results.StressFile;
import org.pagerace.results.TruthFile;

/**
 * What a run folder holds, read and checked: {@code env.json}, {@code stress.json}, {@code bench.json},
 * {@code bench-summary.json}, {@code truth.json}, {@code explore.json} (each optional), and the PNG charts other
 * tools drew there. A file that is present but unreadable or of another schema is an error
 * ({@link BadInputException}), never silently skipped.
 */
public record RunData(Path dir, Optional<EnvFile> env, Optional<StressFile> stress,
        Optional<List<JmhResult>> bench, Optional<BenchSummaryFile> benchSummary, Optional<TruthFile> truth, Optional<ExploreFile> explore, List<Path> charts) {
    /** Prefix of the charts the report draws itself (not embedded as "found" charts). */
    public static final String OWN_CHART_PREFIX = "report-";

    public RunData {
        charts = List.copyOf(charts);
    }

    /** Reads {@code dir}; throws {@link BadInputException} if it is not a directory or a file in it is bad. */
    public static RunData read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException("run folder " + dir + " does not exist");
        }
        Optional<EnvFile> env = optional(dir, EnvFile.SCHEMA.fileName()).map(f -> Json.read(f, EnvFile.SCHEMA,
                EnvFile.class));
        return new RunData(dir, env, optional(dir, StressFile.SCHEMA.fileName()).map(RunData::stress),
                optional(dir, JmhResult.FILE).map(JmhResult::read),
                optional(dir, BenchSummaryFile.SCHEMA.fileName()).map(f -> Json.read(f, BenchSummaryFile.SCHEMA,
                        BenchSummaryFile.class)),
                optional(dir, TruthFile.SCHEMA.fileName()).map(TruthFile::read), optional(dir, ExploreFile.SCHEMA.fileName()).map(f -> Json.read(f, ExploreFile.SCHEMA, ExploreFile.class)),
                charts(dir));
    }

    /** Whether the folder holds any results (stress, bench, truth or explore). */
    public boolean hasResults() {
        return stress.isPresent() || bench.isPresent() || truth.isPresent() || explore.isPresent();
    }

    /** Whether {@code dir} holds any results file (without reading them). */
    public static boolean looksLikeRun(Path dir) {
        return Stream.of(StressFile.SCHEMA.fileName(), JmhResult.FILE, TruthFile.SCHEMA.fileName(), ExploreFile.SCHEMA.fileName())
                .anyMatch(n -> Files.isRegularFile(dir.resolve(n)));
    }

    /** An env.json field, or {@code ?}. */
    public String env(String field) {
        return env.map(e -> Json.MAPPER.valueToTree(e).path(field).asText("?")).orElse("?");
    }

    /**
     * The benchmark summary: {@code bench-summary.json} where {@code pagerace bench-report} wrote one, else made here
     * from {@code bench.json} by the same code; empty if neither says anything about pagerace's benchmarks.
     */
    public Optional<BenchSummaryFile> summary() {
        if (benchSummary.isPresent() || bench.isEmpty()) {
            return benchSummary;
        }
        try {
            return Optional.of(BenchSummary.of(bench.get()));
        } catch (BadInputException notOurs) {
            return Optional.empty();
        }
    }

    /** A stress.json; one with no tests is refused (a run that tested nothing is no evidence of anything). */
    private static StressFile stress(Path file) {
        StressFile stress = StressFile.read(file);
        if (stress.tests().isEmpty()) {
            throw new BadInputException(file + ": field tests: no test (a run with no tests is no result)");
        }
        return stress;
    }

    private static Optional<Path> optional(Path dir, String name) {
        Path f = dir.resolve(name);
        return Files.exists(f) ? Optional.of(f) : Optional.empty();
    }

    private static List<Path> charts(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".png")
                    && !f.getFileName().toString().startsWith(OWN_CHART_PREFIX)).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.pagerace.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a run folder holds, read and checked: {@code env.json}, {@code stress.json}, {@code bench.json},
 * {@code bench-summary.json}, {@code truth.json}, {@code explore.json} (each optional), and the PNG charts other
 * tools drew there. A file that is present but unreadable or of another schema is an error
 * ({@link BadInputException}), never silently skipped.
 */
public record RunData(Path dir, Optional<JsonNode> env, Optional<StressFile> stress, Optional<JmhFile> bench,
        Optional<JsonNode> benchSummary, Optional<TruthFile> truth, Optional<ExploreFile> explore, List<Path> charts) {
    public static final String BENCH_SUMMARY = "bench-summary.json";
    public static final String BENCH_SUMMARY_SCHEMA = "pagerace-bench-summary";
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
        Optional<JsonNode> env = optional(dir, "env.json").map(f -> Json.read(f, EnvInfo.SCHEMA, EnvInfo.VERSION));
        return new RunData(dir, env, optional(dir, StressFile.NAME).map(StressFile::read),
                optional(dir, JmhFile.NAME).map(JmhFile::read),
                optional(dir, BENCH_SUMMARY).map(f -> Json.read(f, BENCH_SUMMARY_SCHEMA, 1)),
                optional(dir, TruthFile.NAME).map(TruthFile::read), optional(dir, ExploreFile.NAME).map(ExploreFile::read),
                charts(dir));
    }

    /** Whether the folder holds any results (stress, bench, truth or explore). */
    public boolean hasResults() {
        return stress.isPresent() || bench.isPresent() || truth.isPresent() || explore.isPresent();
    }

    /** Whether {@code dir} holds any results file (without reading them). */
    public static boolean looksLikeRun(Path dir) {
        return Stream.of(StressFile.NAME, JmhFile.NAME, TruthFile.NAME, ExploreFile.NAME)
                .anyMatch(n -> Files.isRegularFile(dir.resolve(n)));
    }

    /** An env.json field, or {@code ?}. */
    public String env(String field) {
        return env.map(e -> e.path(field).asText("?")).orElse("?");
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

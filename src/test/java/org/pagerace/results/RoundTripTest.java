package org.pagerace.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each results file's one type holds every field its writer writes: an example written by the tool (the
 * committed baseline, the fixtures, outputs of {@code truth --import} and {@code history} before these files had a
 * record), read through the type and written back, is the same JSON, field for field (JSON objects compared as
 * sets of fields: Jackson's order of a record's properties was seen to vary between JVM runs for bench-summary.json).
 */
class RoundTripTest {
    static Stream<Arguments> examples() {
        return Stream.of(
                example("results/baseline/env.json", f -> Json.read(f, EnvFile.SCHEMA, EnvFile.class)),
                example("results/baseline/stress.json", StressFile::read),
                example("results/baseline/report.json", f -> Json.read(f, ReportFile.SCHEMA, ReportFile.class)),
                example("src/test/resources/fixtures/bench-a/bench-summary.json",
                        f -> Json.read(f, BenchSummaryFile.SCHEMA, BenchSummaryFile.class)),
                example("src/test/resources/fixtures/truth-explore/explore.json",
                        f -> Json.read(f, ExploreFile.SCHEMA, ExploreFile.class)),
                example("src/test/resources/fixtures/truth-v3.json", TruthFile::read),
                example("src/test/resources/fixtures/history-v2.json",
                        f -> Json.read(f, HistoryFile.SCHEMA, HistoryFile.class)),
                example("src/test/resources/fixtures/plan-v1.json", PlanFile::read));
    }

    private static Arguments example(String file, Function<Path, ResultsDocument> read) {
        return Arguments.of(file, read);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void readAndWrittenBackIsTheSameJson(String file, Function<Path, ResultsDocument> read) throws Exception {
        Path path = Path.of(file);
        JsonNode original = Json.MAPPER.readTree(path.toFile());
        JsonNode written = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(Json.tree(read.apply(path))));
        assertEquals(original, written, () -> "expected\n" + original.toPrettyString() + "\nwritten\n"
                + written.toPrettyString());
    }
}

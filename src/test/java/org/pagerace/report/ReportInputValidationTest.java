package org.pagerace.report;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.pagerace.cli.MainRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pagerace.results.Json;

/**
 * A stress.json whose numbers are wrong is refused with one line naming the file and the field, exit 2: never read
 * as a bogus count that makes or hides a regression.
 */
class ReportInputValidationTest {
    @TempDir
    Path tmp;

    /** Runs the report on a copy of run-b whose first sigbus × punch-hole (model) test {@code change} edits. */
    private String[] reportWith(Consumer<ObjectNode> change) {
        Path run = Fixtures.copy("run-b", tmp, "run");
        Fixtures.editTest(run, "sigbus", "punch-hole", "model", change);
        return MainRun.run("report", run.toString(), "--baseline", Fixtures.fixture("run-a").toString());
    }

    private static void assertRefused(String[] r, String field) {
        assertEquals("2", r[0], r[1] + r[2]);
        assertEquals(1, r[2].strip().lines().count(), r[2]);
        assertTrue(r[2].contains("stress.json") && r[2].contains(field), r[2]);
    }

    @Test
    void aCountTooLargeForAnIntegerIsRefused() {
        assertRefused(reportWith(t -> ((ObjectNode) t.get("outcomes")).put("OK", 1e26)), "outcomes.OK");
    }

    @Test
    void aCountGivenAsAStringIsRefused() {
        assertRefused(reportWith(t -> ((ObjectNode) t.get("outcomes")).put("OK", "12")), "outcomes.OK");
    }

    @Test
    void aCountGivenAsAnArrayIsRefused() {
        assertRefused(reportWith(t -> ((ObjectNode) t.get("outcomes")).putArray("OK").add(1)), "outcomes.OK");
    }

    @Test
    void aFractionalSampleCountIsRefused() {
        assertRefused(reportWith(t -> t.put("samples", 3.5)), "samples");
    }

    @Test
    void aNegativeCountIsRefusedNamingTheOutcome() {
        String[] r = reportWith(t -> ((ObjectNode) t.get("outcomes")).put("OK", -5));
        assertRefused(r, "tests[");
        assertTrue(r[2].contains("outcome OK must count >= 0, found -5"), r[2]);
    }

    @Test
    void aNegativeSampleCountIsRefused() {
        assertRefused(reportWith(t -> t.put("samples", -1)), "samples must be >= 0");
    }

    @Test
    void aRunWithNoTestsIsAnError() throws IOException {
        Path run = Fixtures.copy("run-b", tmp, "run");
        Path file = run.resolve("stress.json");
        ObjectNode doc = (ObjectNode) Json.MAPPER.readTree(file.toFile());
        doc.putArray("tests");
        Json.MAPPER.writeValue(file.toFile(), doc);
        String[] r = MainRun.run("report", run.toString(), "--baseline", Fixtures.fixture("run-a").toString());
        assertRefused(r, "no test");
        assertFalse(Files.exists(run.resolve("report.md")), "no report of nothing");
    }
}

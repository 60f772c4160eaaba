package org.pagerace.results;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stress.json record reads a real run's file (v2, the fixtures' version) and writes it back as v3 with every
 * v2 field unchanged and the v3 fields empty; a v3 file round-trips field for field.
 */
class StressFileTest {
    @TempDir
    Path tmp;

    @Test
    void aVersion2RunReadsAndKeepsItsFields() throws Exception {
        Path baseline = Path.of(getClass().getResource("/fixtures/run-a/stress.json").toURI());
        StressFile read = StressFile.read(baseline);
        assertFalse(read.tests().isEmpty());
        assertNull(read.tests().get(0).samplesTarget(), "a v2 test has no sampling decision");
        Path copy = tmp.resolve("stress.json");
        Json.write(copy, read);
        JsonNode before = Json.MAPPER.readTree(baseline.toFile());
        JsonNode after = Json.MAPPER.readTree(copy.toFile());
        assertEquals(3, after.get("schema_version").asInt());
        before.fieldNames().forEachRemaining(f -> {
            if (!f.equals("schema_version") && !f.equals("tests")) {
                assertEquals(before.get(f), after.get(f), f);
            }
        });
        for (int i = 0; i < before.get("tests").size(); i++) {
            JsonNode b = before.get("tests").get(i);
            JsonNode a = after.get("tests").get(i);
            b.fieldNames().forEachRemaining(f -> assertEquals(b.get(f), a.get(f), f));
            assertTrue(a.has("history") && a.get("history").isNull(), "v3 writes history, null here");
        }
    }

    @Test
    void aVersion3RunRoundTripsUnchanged() throws Exception {
        Path v2 = Path.of(getClass().getResource("/fixtures/run-a/stress.json").toURI());
        StressFile old = StressFile.read(v2);
        StressFile.Test t = old.tests().get(0);
        StressFile v3 = new StressFile(old.mode(), old.era(), old.delayInjection(), old.delays(), old.seed(),
                old.wallSeconds(), java.util.List.of(new StressFile.Test(t.model(), t.fs(), t.versionRelease(),
                        t.race(), t.backing(), t.era(), t.expectedBugs(), t.expectationWhy(), t.samples(),
                        t.outcomes(), t.bugsSeen(), t.bugsMissed(), t.status(), t.samplesPerSecond(),
                        t.secondsToFirst(), t.messages(), 4096, "H10 before", 27_625L, "floor", 1.5)),
                "the rule", new StressFile.TimeBudget(120, 118, 1, java.util.List.of("a × b [file]"), 1));
        Path first = tmp.resolve("first.json");
        Path second = tmp.resolve("second.json");
        Json.write(first, v3);
        StressFile back = StressFile.read(first);
        assertEquals(v3, back);
        Json.write(second, back);
        assertEquals(Json.MAPPER.readTree(first.toFile()), Json.MAPPER.readTree(second.toFile()));
        assertEquals("H10 before", back.tests().get(0).history());
        assertEquals(java.util.List.of("a × b [file]"), back.timeBudget().skipped());
    }
}

package org.pagerace.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pagerace.cli.Main;
import org.pagerace.results.Json;
import org.pagerace.results.StressFile;

/** {@code pagerace explore}: usage errors, the matrix's explore.json, and the cross-check with a stress run. */
class ExploreCommandTest {
    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, Main.execute("explore", "--fs-model", "no-such", "--race", "writeback"));
        assertEquals(2, Main.execute("explore", "--fs-model", "sigbus", "--race", "no-such"));
        assertEquals(2, Main.execute("explore", "--fs-model", "sigbus", "--race", "writeback", "--era", "3.0"));
        assertEquals(2, Main.execute("explore", "--fs-model", "sigbus", "--race", "writeback", "--bound", "-1"));
        assertEquals(2, Main.execute("explore", "--fs-model", "sigbus", "--race", "writeback", "--bound", "x"));
        assertEquals(2, Main.execute("explore", "--fs-model", "sigbus"));
        assertEquals(2, Main.execute("explore", "--all", "--race", "writeback"));
        assertEquals(2, Main.execute("explore", "--fs-model", "sigbus", "--race", "writeback", "--backing", "nfs"));
        assertEquals(2, Main.execute("explore", "--cross-check", "/no/such/run-folder"));
    }

    @Test
    void oneTestPrintsOutcomesTraceAndReplayCommand(@TempDir Path png) {
        String out = ExplorerTest.captureOut(() -> assertEquals(0, Main.execute("explore", "--fs-model",
                "zero-unlocked", "--race", "writeback", "--png", png.toString())));
        assertTrue(out.contains("outcomes: {UNNOTIFIED_DIRTY="), out);
        assertTrue(out.contains("BUG UNNOTIFIED_DIRTY"), out);
        assertTrue(out.contains("replay:  pagerace run --fs-model seed2010/zero-unlocked --race writeback --era modern "
                + "--schedule "), out);
        assertTrue(out.matches("(?s).*\\d+ interleavings in [0-9.]+ s \\(\\d+/s\\), bound " + Explorer.DEFAULT_BOUND
                + ", model backing.*"), out);
        assertTrue(Files.exists(png.resolve("seed2010_zero-unlocked_writeback_modern_UNNOTIFIED_DIRTY.png")));
    }

    @Test
    void allWritesExploreJsonAndCrossChecksStress(@TempDir Path run) throws Exception {
        StressFile stress = new StressFile("quick", "modern", false, null, 1, 1.0, List.of(
                new StressFile.Test("seed2010/zero-unlocked", "seed2010", "2.6.37", "writeback", "model", "modern",
                        List.of("LOST_WRITE"), "", 993, Map.of("OK", 900L, "OK_RETRIED", 90L, "LOST_WRITE", 3L),
                        List.of("LOST_WRITE"), List.of(), "KNOWN_BUG", null, Map.of(), List.of()),
                new StressFile.Test("seed2010/invalidate-lock", "seed2010", "2.6.37", "truncate-down", "file", "2.6.37",
                        List.of(), "", 520, Map.of("DISCARDED", 500L, "SIGBUS", 20L), List.of(), List.of(), "PASS",
                        null, Map.of(), List.of())));
        Json.write(run.resolve("stress.json"), stress);

        String out = ExplorerTest.captureOut(() -> assertEquals(0, Main.execute("explore", "--all", "--bound", "1",
                "--cross-check", run.toString())));
        assertTrue(out.contains("FINDING    seed2010/zero-unlocked × writeback (modern, model backing): stress saw LOST_WRITE"),
                out);
        assertTrue(out.contains("BLIND SPOT seed2010/zero-unlocked × writeback (modern): UNNOTIFIED_DIRTY"), out);

        JsonNode doc = Json.read(run.resolve("explore.json"), org.pagerace.results.ExploreFile.SCHEMA);
        assertEquals(1, doc.get("bound").asInt());
        long expected = org.pagerace.fs.Filesystems.all().stream().mapToLong(m -> java.util.Arrays.stream(
                org.pagerace.check.Race.values()).filter(r -> r.appliesTo(m)).count() * (m.eraSelectable() ? 2 : 1)).sum();
        assertEquals(expected, doc.get("tests").size());
        long sum = 0;
        for (JsonNode t : doc.get("tests")) {
            assertTrue(t.get("complete").asBoolean());
            sum += t.get("interleavings").asLong();
            for (JsonNode b : t.get("bugs")) {
                assertTrue(b.get("replays").asBoolean(), b.toString());
                assertTrue(b.get("steps").asInt() > 0);
                assertTrue(Files.exists(run.resolve(b.get("png").asText())));
            }
        }
        assertEquals(sum, doc.get("interleavings").asLong());
        JsonNode zwTest = find(doc, "seed2010/zero-unlocked", "writeback", "modern");
        assertEquals("UNNOTIFIED_DIRTY", zwTest.get("bugs").get(0).get("outcome").asText());
        assertTrue(zwTest.get("outcomes").has("OK"));

        JsonNode findings = doc.get("findings");
        assertEquals(1, findings.size());
        assertEquals("LOST_WRITE", findings.get(0).get("outcome").asText());
        assertEquals(3, findings.get(0).get("stress_count").asLong());
        boolean blind = false;
        for (JsonNode b : doc.get("blind_spots")) {
            assertFalse(b.get("model").asText().equals("seed2010/invalidate-lock"));
            blind |= b.get("model").asText().equals("seed2010/zero-unlocked") && b.get("race").asText().equals(
                    "writeback") && b.get("outcome").asText().equals("UNNOTIFIED_DIRTY");
        }
        assertTrue(blind, doc.get("blind_spots").toString());
        assertEquals(2, doc.get("cross_check").get("stress_tests").asInt());
    }

    private static JsonNode find(JsonNode doc, String convention, String race, String era) {
        for (JsonNode t : doc.get("tests")) {
            if (t.get("model").asText().equals(convention) && t.get("race").asText().equals(race)
                    && t.get("era").asText().equals(era)) {
                return t;
            }
        }
        throw new AssertionError("no test " + convention + " " + race + " " + era);
    }
}

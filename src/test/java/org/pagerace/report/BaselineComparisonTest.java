package org.pagerace.report;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pagerace.results.Json;
import org.pagerace.results.Regression;

/**
 * The comparison against a baseline on real runs: {@code run-a} and {@code run-b} are two independent quick runs of
 * the same tests (invalidate-lock and sigbus × punch-hole and truncate-down, both backings) on one machine. Noise
 * between them must not be flagged; regressions injected into a copy must be, each named.
 */
class BaselineComparisonTest {
    @TempDir
    Path tmp;

    private static BaselineComparison compare(Path baseline, Path run) {
        return BaselineComparison.compare(RunData.read(baseline), RunData.read(run));
    }

    private static String names(List<Regression> regressions) {
        return regressions.stream().map(r -> r.kind() + " " + r).collect(Collectors.joining("\n"));
    }

    @Test
    void anIdenticalCopyIsNotFlagged() {
        Path copy = Fixtures.copy("run-a", tmp, "copy");
        BaselineComparison c = compare(Fixtures.fixture("run-a"), copy);
        assertEquals(List.of(), c.regressions(), names(c.regressions()));
        assertTrue(c.ratesCompared());
        assertEquals(0, c.spread());
    }

    @Test
    void twoIndependentRunsOfTheSameTestsCompareClean() {
        BaselineComparison ab = compare(Fixtures.fixture("run-a"), Fixtures.fixture("run-b"));
        BaselineComparison ba = compare(Fixtures.fixture("run-b"), Fixtures.fixture("run-a"));
        assertEquals(List.of(), ab.regressions(), names(ab.regressions()));
        assertEquals(List.of(), ba.regressions(), names(ba.regressions()));
        assertTrue(ab.ratesCompared() && ab.rateTests().size() >= 10, "rates were really compared");
        assertTrue(ab.spread() > 0.2, "the runs differ beyond binomial noise: tau " + ab.spread());
    }

    @Test
    void aBugOutcomeInAPassTestIsCaughtAndNamed() {
        Path run = Fixtures.copy("run-b", tmp, "run");
        Fixtures.editTest(run, "invalidate-lock", "punch-hole", "model", t -> {
            Fixtures.move(t, "OK", "LOST_WRITE", 1);
            t.put("status", "FAIL");
            t.putArray("bugs_seen").add("LOST_WRITE");
        });
        List<Regression> r = compare(Fixtures.fixture("run-a"), run).regressions();
        assertEquals(1, r.size(), names(r));
        assertEquals(Regression.Kind.BUG, r.get(0).kind());
        assertEquals("seed2010/invalidate-lock", r.get(0).convention());
        assertEquals("punch-hole", r.get(0).race());
        assertEquals("model", r.get(0).backing());
        assertTrue(r.get(0).what().contains("LOST_WRITE 1/") && r.get(0).what().contains("PASS"), r.get(0).what());
    }

    @Test
    void aKnownBugNoLongerReproducedIsCaught() {
        Path run = Fixtures.copy("run-b", tmp, "run");
        Fixtures.editTest(run, "sigbus", "punch-hole", "model", t -> {
            Fixtures.move(t, "LOST_WRITE", "OK", t.path("outcomes").path("LOST_WRITE").asLong());
            t.putArray("bugs_seen").add("SPURIOUS_SIGBUS");
            t.putArray("bugs_missed").add("LOST_WRITE");
        });
        List<Regression> r = compare(Fixtures.fixture("run-a"), run).regressions();
        assertEquals(1, r.size(), names(r));
        assertEquals(Regression.Kind.LOST_DETECTION, r.get(0).kind());
        assertEquals("(seed2010/sigbus, punch-hole, model)", r.get(0).toString().substring(0, 36));
        assertTrue(r.get(0).what().startsWith("bug LOST_WRITE no longer reproduced"), r.get(0).what());
    }

    @Test
    void aRateShiftedBeyondTheRunToRunSpreadIsCaught() {
        Path run = Fixtures.copy("run-b", tmp, "run");
        // 94 SPURIOUS_SIGBUS of 317954 become 1880: a factor 20, far beyond the factor 1.4 two runs differ by.
        Fixtures.editTest(run, "sigbus", "punch-hole", "model", t -> Fixtures.move(t, "DISCARDED", "SPURIOUS_SIGBUS", 1786));
        List<Regression> r = compare(Fixtures.fixture("run-a"), run).regressions();
        assertEquals(1, r.size(), names(r));
        assertEquals(Regression.Kind.RATE, r.get(0).kind());
        assertTrue(r.get(0).toString().startsWith("(seed2010/sigbus, punch-hole, model): rate of SPURIOUS_SIGBUS"), r.get(0).toString());
    }

    @Test
    void oneRateMovedAsFarAsIdleRerunsMoveOneIsWithinChance() {
        Path run = Fixtures.copy("run-a", tmp, "run");
        // Every other rate identical (measured tau 0), one moved by x1.5 as between two idle reruns: the floor.
        Fixtures.editTest(run, "sigbus", "punch-hole", "model", t -> Fixtures.move(t, "DISCARDED", "SPURIOUS_SIGBUS",
                t.path("outcomes").path("SPURIOUS_SIGBUS").asLong() / 2));
        BaselineComparison c = compare(Fixtures.fixture("run-a"), run);
        assertEquals(List.of(), c.regressions(), names(c.regressions()));
        assertEquals(BaselineComparison.MIN_SPREAD, c.spreadUsed());
    }

    @Test
    void oneRateMovedByAFactorThreeIsCaughtEvenWhenTheOthersHold() {
        Path run = Fixtures.copy("run-a", tmp, "run");
        Fixtures.editTest(run, "sigbus", "punch-hole", "model", t -> Fixtures.move(t, "DISCARDED", "SPURIOUS_SIGBUS",
                t.path("outcomes").path("SPURIOUS_SIGBUS").asLong() * 2));
        List<Regression> r = compare(Fixtures.fixture("run-a"), run).regressions();
        assertEquals(1, r.size(), names(r));
        assertEquals(Regression.Kind.RATE, r.get(0).kind());
    }

    @Test
    void aNewOutcomeIsCaught() {
        Path run = Fixtures.copy("run-b", tmp, "run");
        Fixtures.editTest(run, "invalidate-lock", "truncate-down", "file", t -> Fixtures.move(t, "DISCARDED", "OOM", 400));
        List<Regression> r = compare(Fixtures.fixture("run-a"), run).regressions();
        assertEquals(1, r.size(), names(r));
        assertEquals(Regression.Kind.NEW_OUTCOME, r.get(0).kind());
        assertTrue(r.get(0).toString().startsWith("(seed2010/invalidate-lock, truncate-down, file): new outcome OOM"),
                r.get(0).toString());
    }

    @Test
    void aFewSamplesOfANewOutcomeAreWithinChance() {
        Path run = Fixtures.copy("run-b", tmp, "run");
        Fixtures.editTest(run, "invalidate-lock", "truncate-down", "file", t -> Fixtures.move(t, "DISCARDED", "OOM", 3));
        BaselineComparison c = compare(Fixtures.fixture("run-a"), run);
        assertEquals(List.of(), c.regressions(), names(c.regressions()));
        assertTrue(c.notes().stream().anyMatch(n -> n.contains("new outcome OOM, within chance")), c.notes().toString());
    }

    @Test
    void anErrorIsCaught() {
        Path run = Fixtures.copy("run-b", tmp, "run");
        Fixtures.editTest(run, "sigbus", "truncate-down", "file", t -> t.put("status", "ERROR"));
        List<Regression> r = compare(Fixtures.fixture("run-a"), run).regressions();
        assertEquals(List.of(Regression.Kind.ERROR), r.stream().map(Regression::kind).toList(), names(r));
    }

    @Test
    void ratesAreNotComparedAgainstASanityRun() {
        BaselineComparison c = compare(Fixtures.fixture("run-a"), Fixtures.fixture("sanity"));
        assertFalse(c.ratesCompared());
        assertEquals(List.of(), c.regressions(), names(c.regressions()));
        assertTrue(c.notes().stream().anyMatch(n -> n.contains("sanity mode")), c.notes().toString());
    }

    @Test
    void ratesAreNotComparedAcrossDelayInjectionSettings() throws IOException {
        Path run = Fixtures.copy("run-b", tmp, "run");
        Path stress = run.resolve("stress.json");
        ObjectNode doc = (ObjectNode) Json.MAPPER.readTree(stress.toFile());
        doc.put("delay_injection", false);
        Json.MAPPER.writeValue(stress.toFile(), doc);
        Fixtures.editTest(run, "sigbus", "punch-hole", "model", t -> Fixtures.move(t, "LOST_WRITE", "OK",
                t.path("outcomes").path("LOST_WRITE").asLong() * 9 / 10));
        BaselineComparison c = compare(Fixtures.fixture("run-a"), run);
        assertFalse(c.ratesCompared());
        assertEquals(List.of(), c.regressions(), names(c.regressions()));
        assertTrue(c.notes().stream().anyMatch(n -> n.contains("delay injection was on in the baseline and off")),
                c.notes().toString());
    }

    @Test
    void twoQuickBenchmarkRunsCompareClean() {
        BaselineComparison c = compare(Fixtures.fixture("bench-a"), Fixtures.fixture("bench-b"));
        assertEquals(List.of(), c.regressions(), names(c.regressions()));
        assertEquals(18, c.scores().size());
    }

    @Test
    void aSlowerBenchmarkScoreIsCaughtAndNamed() throws Exception {
        Path run = Fixtures.copy("bench-b", tmp, "run");
        Fixtures.editScore(run, "locked", "invalidate-lock", m -> m.put("score", m.get("score").asDouble() * 10));
        List<Regression> r = compare(Fixtures.fixture("bench-a"), run).regressions();
        assertEquals(1, r.size(), names(r));
        assertEquals(Regression.Kind.SCORE, r.get(0).kind());
        assertTrue(r.get(0).toString().startsWith("(invalidate-lock, FaultCostBenchmark.fault [path=locked], model): slower: "),
                r.get(0).toString());
    }

    @Test
    void withoutErrorsAScoreMustMoveMoreThanTwentyPercent() throws Exception {
        Path base = Fixtures.copy("bench-a", tmp, "base");
        Path run = Fixtures.copy("bench-a", tmp, "run");
        Fixtures.editScore(base, "retry", "nopage-locked", m -> m.put("scoreError", "NaN"));
        Fixtures.editScore(run, "retry", "nopage-locked", m -> {
            m.put("scoreError", "NaN");
            m.put("score", m.get("score").asDouble() * 1.1);
        });
        assertEquals(List.of(), compare(base, run).regressions());
        Fixtures.editScore(run, "retry", "nopage-locked", m -> m.put("score", m.get("score").asDouble() * 1.2));
        List<Regression> r = compare(base, run).regressions();
        assertEquals(1, r.size(), names(r));
        assertTrue(r.get(0).what().contains("+32.0 %") && r.get(0).what().contains("errors unknown, beyond 20 %"),
                r.get(0).what());
    }
}

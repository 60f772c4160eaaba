package org.pagerace.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pagerace.cli.Main;
import org.pagerace.results.BadInputException;
import org.pagerace.results.BenchSummaryFile.FaultCost;
import org.pagerace.results.BenchSummaryFile.Pressure;
import org.pagerace.results.BenchSummaryFile.RealFault;
import org.pagerace.results.BenchSummaryFile.RetryPrice;
import org.pagerace.results.BenchSummaryFile;
import org.pagerace.results.JmhResult;
import org.pagerace.results.Json;
import org.pagerace.results.RunFolder;

/**
 * The benchmark post-processor on a small JMH JSON fixture ({@code fixture-bench.json}: real JMH 1.37 output of
 * this project's benchmarks, trimmed, with round scores so that every ratio below can be checked by hand, and
 * JMH's {@code "NaN"} strings where it writes them).
 */
class BenchReportTest {
    private static final double EPS = 1e-9;

    @TempDir
    Path tmp;

    private Path fixture() throws IOException {
        return fixture("fixture-bench.json");
    }

    private Path fixture(String name) throws IOException {
        Path file = tmp.resolve("bench.json");
        try (InputStream in = getClass().getResourceAsStream(name)) {
            assertNotNull(in, name + " on the test class path");
            Files.copy(in, file);
        }
        return file;
    }

    /** The two-sided 99.9 % Student t quantile for 2 degrees of freedom (31.599 in printed tables). */
    private static final double T999_DF2 = new TDistribution(2).inverseCumulativeProbability(0.9995);

    private static FaultCost faultRow(BenchSummaryFile s, String convention, String backing) {
        return s.faultCost().stream().filter(r -> r.convention().equals(convention) && r.backing().equals(backing))
                .findFirst().orElseThrow();
    }

    @Test
    void theSummaryReadsBackAsTheRecordItWasWrittenFrom() throws IOException {
        fixture();
        BenchSummaryFile written = BenchReport.run(RunFolder.open(tmp), tmp, "test",
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        BenchSummaryFile read = Json.read(tmp.resolve(BenchReport.SUMMARY), BenchSummaryFile.SCHEMA,
                BenchSummaryFile.class);
        assertEquals(Json.tree(written), Json.tree(read));
        assertEquals(3.5, read.retryOverLocked().stream().filter(r -> r.convention().equals("nopage-locked"))
                .findFirst().orElseThrow().value().value(), EPS);
    }

    @Test
    void parsesJmhJsonWithNanStrings() throws IOException {
        List<JmhResult> results = JmhResult.read(fixture());
        assertEquals(16, results.size());
        JmhResult rearm = results.get(0);
        assertEquals("FaultCostBenchmark.fault", rearm.shortName());
        assertEquals("rearm", rearm.param("path"));
        assertEquals(50.0, rearm.primary().score(), EPS);
        assertTrue(Double.isNaN(rearm.primary().error()), "\"NaN\" scoreError parses as NaN");
        assertArrayEquals(new double[] {49.0, 51.0}, rearm.primary().raw(), EPS);
        JmhResult locked = results.get(1);
        assertEquals("nopage-locked", locked.param("model"));
        assertEquals(3e6, locked.secondary("stores").score(), EPS);
        JmhResult jna = results.stream().filter(r -> r.shortName().equals("KernelReferenceBenchmark.jnaBaseline"))
                .findFirst().orElseThrow();
        assertEquals("us/op", jna.primary().unit());
        assertEquals(90.0, jna.primary().nanosPerOp().value(), 1e-6, "us/op is converted to ns/op");
    }

    @Test
    void computesRatios() throws IOException {
        BenchSummaryFile s = BenchSummary.of(JmhResult.read(fixture()));
        FaultCost nopage = faultRow(s, "nopage-locked", "model");
        assertEquals(50.0, nopage.rearm().value(), EPS);
        assertEquals(100.0, nopage.locked().net().value(), EPS, "locked 150 - re-arm 50");
        assertEquals(250.0, nopage.refault().net().value(), EPS);
        assertEquals(350.0, nopage.retry().net().value(), EPS);
        assertEquals(2.0, nopage.retry().faultsPerStore(), EPS, "a retry is two faults per store");
        assertEquals(3.5, nopage.retryOverLocked().value(), EPS, "retry/locked = 350/100");
        assertTrue(Double.isNaN(nopage.retryOverLocked().error()), "the re-arm's error is NaN, so is the ratio's");
        assertEquals(100.0, nopage.restart().value(), EPS, "restart = retry - refault = 400 - 300");
        assertEquals(Math.hypot(10, 10), nopage.restart().error(), 1e-6);
        assertEquals(1.0, nopage.restartOverLocked().value(), EPS);

        FaultCost sigbus = faultRow(s, "sigbus", "model");
        assertEquals(100.0, sigbus.locked().net().value(), EPS, "each row subtracts its own re-arm: 160 - 60");
        assertTrue(sigbus.retryEndsInSigbus());
        assertFalse(sigbus.retryOverLocked().known(), "no retry/locked ratio where the retry is a SIGBUS");

        assertEquals(1, s.kernel().realFault().size());
        RealFault msync = s.kernel().realFault().get(0);
        assertEquals("msync", msync.method());
        assertEquals(2100.0, msync.fault().value(), EPS, "mean of 2000, 2200, 2100 ns per timed fault");
        assertEquals(T999_DF2 * 100 / Math.sqrt(3), msync.fault().error(), 1e-6, "99.9% t interval, n = 3");
        assertEquals(90000.0, msync.cycle().value(), EPS);
        assertEquals(100.0 / 2100.0, BenchSummary.emulatedOverReal(nopage, msync).value(), EPS);
        assertEquals(100.0 / 2100.0, s.emulatedOverReal().get(0).ratio().value(), EPS);
        assertEquals(90.0, s.kernel().jnaCall().value(), 1e-6);
        assertEquals(1500.0, s.kernel().safeStore().value(), EPS);

        assertEquals(2, s.pressure().size());
        Pressure off = s.pressure().get(0);
        Pressure busy = s.pressure().get(1);
        assertEquals("off", off.gapUs(), "sorted by rising truncate rate");
        assertEquals(0.0, off.truncatesPerSec().value(), EPS);
        assertEquals(150.0, off.nsPerLandedStore().value(), EPS);
        assertEquals(1e5, busy.truncatesPerSec().value(), EPS, "one truncate per 10 us");
        assertEquals(200.0, busy.nsPerStore().value(), EPS);
        assertEquals(400.0, busy.nsPerLandedStore().value(), EPS, "half the stores ended in SIGBUS");
        assertEquals(0.5, busy.sigbusPerStore(), EPS);
        assertEquals(0.001, busy.retriesPerStore(), EPS);

        assertEquals(0.0, s.points().offMinusBaseline().value(), EPS);
        assertEquals(1.0, s.points().idleMinusBaseline().value(), EPS);
        assertFalse(s.points().faultOff().known());
        assertTrue(s.warnings().isEmpty(), s.warnings().toString());
    }

    /**
     * {@code fixture-retry-price.json}: two real {@code RetryPriceBenchmark} results with round counters. In the
     * first, the machine slows down from one iteration to the next (locked 100, 200, 300 ns per store, the clock's
     * 30 ns subtracted) while retry stays twice locked: the ratio, taken per iteration, is exactly 2 with no
     * spread, where the two means alone would give 400 ± a wide error over 200 ± a wide error.
     */
    @Test
    void pairedRetryPriceIsTakenPerIteration() throws IOException {
        BenchSummaryFile s = BenchSummary.of(JmhResult.read(fixture("fixture-retry-price.json")));
        assertEquals(2, s.retryPrice().size());
        RetryPrice nopage = s.retryPrice().get(0);
        assertEquals("nopage-locked", nopage.convention());
        assertEquals(3000, nopage.pairs());
        assertEquals(200.0, nopage.locked().value(), EPS, "mean of 100, 200, 300");
        assertEquals(400.0, nopage.retry().value(), EPS);
        assertEquals(200.0, nopage.retryMinusLocked().value(), EPS, "mean of 100, 200, 300");
        assertEquals(T999_DF2 * 100 / Math.sqrt(3), nopage.retryMinusLocked().error(), 1e-6);
        assertEquals(2.0, nopage.retryOverLocked().value(), EPS);
        assertEquals(0.0, nopage.retryOverLocked().error(), EPS, "the drift cancels in the per-iteration ratio");
        assertFalse(nopage.retryEndsInSigbus());

        RetryPrice sigbus = s.retryPrice().get(1);
        assertEquals("file", sigbus.backing());
        assertTrue(sigbus.retryEndsInSigbus());
        assertEquals(2500.0, sigbus.locked().value(), EPS);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BenchReport.run(RunFolder.open(tmp), tmp, "test", new PrintStream(out, true, StandardCharsets.UTF_8));
        String table = out.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("Price of a retry, paired") && table.contains("SIGBUS*"), table);
        JsonNode price = Json.read(tmp.resolve(BenchReport.SUMMARY), BenchSummaryFile.SCHEMA)
                .path("retry_price");
        assertEquals(2.0, price.get(0).path("retry_over_locked").path("value").asDouble(), EPS);
        assertTrue(price.get(1).path("retry_over_locked").path("value").isNull(), "no ratio without a retry path");
        assertTrue(Files.isRegularFile(tmp.resolve("bench-retry-price.png")));
    }

    @Test
    void writesSummaryAndPngCharts() throws IOException {
        fixture();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BenchReport.run(RunFolder.open(tmp), tmp, "test", new PrintStream(out, true, StandardCharsets.UTF_8));
        String table = out.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("retry/locked"), table);
        assertTrue(table.contains("3.50"), "retry/locked of nopage-locked in the table:\n" + table);

        JsonNode summary = Json.read(tmp.resolve(BenchReport.SUMMARY), BenchSummaryFile.SCHEMA);
        assertEquals(3.5, summary.path("fault_cost").get(0).path("retry_over_locked").path("value").asDouble(), EPS);
        assertTrue(summary.path("fault_cost").get(0).path("rearm_ns").path("error").isNull(), "NaN is written as null");
        assertTrue(Files.isRegularFile(tmp.resolve("env.json")));

        List<String> charts = Arrays.asList(Json.MAPPER.convertValue(summary.path("charts"), String[].class));
        assertTrue(charts.contains("bench-locked-vs-retry-model.png"), charts.toString());
        assertTrue(charts.contains("bench-pressure-model.png"), charts.toString());
        assertTrue(charts.contains("bench-reference.png"), charts.toString());
        byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        for (String chart : charts) {
            byte[] head = Arrays.copyOf(Files.readAllBytes(tmp.resolve(chart)), magic.length);
            assertArrayEquals(magic, head, chart + " is a PNG");
        }
        try (var files = Files.list(tmp)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    @Test
    void rejectsFilesThatAreNotJmhJson() throws IOException {
        Path notJson = Files.writeString(tmp.resolve("a.json"), "Benchmark  Mode  Cnt  Score\n");
        BadInputException e = assertThrows(BadInputException.class, () -> JmhResult.read(notJson));
        assertTrue(e.getMessage().contains("not JMH JSON output"), e.getMessage());

        Path object = Files.writeString(tmp.resolve("b.json"), "{\"schema\": \"pagerace-env\", \"schema_version\": 1}");
        e = assertThrows(BadInputException.class, () -> JmhResult.read(object));
        assertTrue(e.getMessage().contains("not JMH JSON output") && e.getMessage().contains("array"), e.getMessage());

        Path wrongArray = Files.writeString(tmp.resolve("c.json"), "[{\"name\": \"x\", \"score\": 1}]");
        e = assertThrows(BadInputException.class, () -> JmhResult.read(wrongArray));
        assertTrue(e.getMessage().contains("result #1") && e.getMessage().contains("not JMH JSON output"),
                e.getMessage());

        e = assertThrows(BadInputException.class, () -> JmhResult.read(tmp.resolve("missing.json")));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void cliExitsTwoOnBadInputAndZeroOnAFixture() throws IOException {
        Files.writeString(tmp.resolve("bench.json"), "{}");
        assertEquals(Main.USAGE, Main.execute("bench-report", tmp.toString()));
        assertEquals(Main.USAGE, Main.execute("bench-report", tmp.resolve("nowhere").toString()));
        Files.delete(tmp.resolve("bench.json"));
        fixture();
        assertEquals(0, Main.execute("bench-report", tmp.toString(), "--fs", tmp.toString()));
    }
}

package org.pagerace.report;

import static org.junit.jupiter.api.Assertions.*;
import static org.pagerace.cli.MainRun.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pagerace.results.Json;
import org.pagerace.results.ReportFile;

/** {@code pagerace report}: its files, exit codes and one-line errors, on the fixture runs. */
class ReportCommandTest {
    @TempDir
    Path tmp;


    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    @Test
    void aRunAgainstAnIndependentRerunExitsZeroAndWritesTheReport() throws IOException {
        Path run = Fixtures.copy("run-b", tmp, "run");
        String[] r = run("report", run.toString(), "--baseline", Fixtures.fixture("run-a").toString());
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("no regression against"), r[1]);
        String md = read(run.resolve("report.md"));
        assertTrue(md.contains("## Verdict matrix") && md.contains("| seed2010/sigbus | clean | LOST_WRITE "), md);
        assertTrue(md.contains("**No regression**"), md);
        String html = read(run.resolve("report.html"));
        assertTrue(html.contains("<td class=\"known\">LOST_WRITE"), "colour-coded cells");
        assertFalse(html.contains("http://") || html.contains("https://") || html.contains("src=\"file"),
                "self-contained");
        ReportFile json = Json.read(run.resolve("report.json"), ReportFile.SCHEMA, ReportFile.class);
        assertEquals(run.toString(), json.run());
        assertEquals(List.of(), json.regressions());
        assertNotNull(json.method(), "a baseline was compared");
    }

    @Test
    void aRegressionExitsOneNamingIt() {
        Path run = Fixtures.copy("run-b", tmp, "run");
        Fixtures.editTest(run, "invalidate-lock", "punch-hole", "file", t -> {
            Fixtures.move(t, "OK", "STALE_WRITE", 2);
            t.put("status", "FAIL");
            t.putArray("bugs_seen").add("STALE_WRITE");
        });
        String[] r = run("report", run.toString(), "--baseline", Fixtures.fixture("run-a").toString());
        assertEquals("1", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("1 regression(s)"), r[1]);
        assertTrue(r[1].contains("BUG (seed2010/invalidate-lock, punch-hole, file): bug outcome STALE_WRITE 2/"), r[1]);
    }

    @Test
    void anIncompatibleSchemaExitsTwoNamingTheFileAndTheSchema() throws IOException {
        Path run = Fixtures.copy("run-b", tmp, "run");
        Files.writeString(run.resolve("stress.json"), read(run.resolve("stress.json"))
                .replace("\"schema_version\": 2", "\"schema_version\": 4"));
        String[] r = run("report", run.toString(), "--baseline", Fixtures.fixture("run-a").toString());
        assertEquals("2", r[0], r[1] + r[2]);
        assertEquals(1, r[2].strip().lines().count(), r[2]);
        assertTrue(r[2].contains(run.resolve("stress.json").toString())
                && r[2].contains("expected schema pagerace-stress v3, found pagerace-stress v4"), r[2]);
        assertFalse(Files.exists(run.resolve("report.md")), "no report from a bad input");
    }

    @Test
    void anIncompatibleBaselineExitsTwo() throws IOException {
        Path base = Fixtures.copy("run-a", tmp, "base");
        Files.writeString(base.resolve("env.json"), "{\"schema\": \"something-else\", \"schema_version\": 1}");
        String[] r = run("report", Fixtures.copy("run-b", tmp, "run").toString(), "--baseline", base.toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains(base.resolve("env.json") + ": expected schema pagerace-env v1, found something-else v1"),
                r[2]);
    }

    @Test
    void aBenchJsonThatIsNotJmhOutputExitsTwo() throws IOException {
        Path run = Fixtures.copy("run-b", tmp, "run");
        Files.writeString(run.resolve("bench.json"), "{\"schema\": \"pagerace-bench-summary\", \"schema_version\": 1}");
        String[] r = run("report", run.toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains(run.resolve("bench.json") + ": not JMH JSON output"), r[2]);
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals("2", run("report", tmp.resolve("missing").toString())[0]);
        assertEquals("2", run("report", "--no-such-option")[0]);
        String[] empty = run("report", tmp.toString());
        assertEquals("2", empty[0]);
        assertTrue(empty[2].contains("no results"), empty[2]);
        String[] none = run("report", "--results", tmp.toString());
        assertEquals("2", none[0]);
        assertTrue(none[2].contains("run scripts/stress first"), none[2]);
    }

    @Test
    void theDefaultsAreTheNewestRunAndResultsBaseline() throws IOException {
        Path results = tmp.resolve("results");
        Fixtures.copy("run-a", results, "baseline");
        Fixtures.copy("run-a", results.resolve("runs"), "20240101T000000Z-old");
        Path newest = Fixtures.copy("run-b", results.resolve("runs"), "20240102T000000Z-new");
        Files.createDirectories(results.resolve("runs").resolve("20240103T000000Z-merged-without-results"));
        String[] r = run("report", "--results", results.toString());
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(Files.exists(newest.resolve("report.html")), r[1]);
        assertTrue(r[1].contains("no regression against " + results.resolve("baseline")), r[1]);
    }

    @Test
    void updateBaselineReplacesItThroughTemporaryNames() throws IOException {
        Path results = tmp.resolve("results");
        Path baseline = Fixtures.copy("run-a", results, "baseline");
        Files.writeString(baseline.resolve("truth.json"), "stale");
        Path run = Fixtures.copy("run-b", tmp, "run");
        Files.createDirectories(run.resolve("jcstress"));
        Files.writeString(run.resolve("jcstress/index.html"), "<html/>");
        Files.writeString(run.resolve("jcstress-results-1.bin.gz"), "binary");
        Files.writeString(run.resolve("jcstress.log"), "log");
        String[] r = run("report", run.toString(), "--results", results.toString(), "--update-baseline");
        assertEquals("0", r[0], r[1] + r[2]);
        try (Stream<Path> files = Files.list(baseline)) {
            assertEquals(List.of("env.json", "junit.xml", "report.json", "report.md", "stress.json"),
                    files.map(f -> f.getFileName().toString()).sorted().collect(Collectors.toList()));
        }
        assertEquals(read(run.resolve("stress.json")), read(baseline.resolve("stress.json")));
        assertTrue(r[1].contains("baseline " + baseline + " replaced"), r[1]);
    }

    @Test
    void theBaselineIsNeverChangedWithoutTheFlag() throws IOException {
        Path results = tmp.resolve("results");
        Path baseline = Fixtures.copy("run-a", results, "baseline");
        String before = read(baseline.resolve("stress.json"));
        run("report", Fixtures.copy("run-b", tmp, "run").toString(), "--results", results.toString());
        assertEquals(before, read(baseline.resolve("stress.json")));
        assertFalse(Files.exists(baseline.resolve("report.md")));
    }

    @Test
    void theReportPutsVerdictsAndFindingsFirstAndTheMethodLast() throws IOException {
        Path run = Fixtures.copy("run-b", tmp, "run");
        run("report", run.toString(), "--baseline", Fixtures.fixture("run-a").toString());
        String md = read(run.resolve("report.md"));
        int matrix = md.indexOf("Verdict matrix");
        int findings = md.indexOf("Findings: differences against the baseline");
        int environment = md.indexOf("Environment");
        int method = md.indexOf("How differences are decided");
        assertTrue(0 < matrix && matrix < findings && findings < environment && environment < method, md);
    }

    @Test
    void theBaselineFolderIsNotRewrittenByItsOwnReport() throws IOException {
        Path results = tmp.resolve("results");
        Path baseline = Fixtures.copy("run-a", results, "baseline");
        String[] r = run("report", baseline.toString(), "--results", results.toString());
        assertEquals("2", r[0], r[1] + r[2]);
        assertEquals(1, r[2].strip().lines().count(), r[2]);
        assertTrue(r[2].contains("is the baseline"), r[2]);
        assertFalse(Files.exists(baseline.resolve("report.md")));
        assertFalse(Files.exists(baseline.resolve("report.json")));
    }

    @Test
    void updateBaselineReplacesTheWholeFolderAndLeavesNoTemporary() throws IOException {
        Path results = tmp.resolve("results");
        Path baseline = Fixtures.copy("run-a", results, "baseline");
        Files.writeString(baseline.resolve("README.md"), "what this baseline is");
        Path run = Fixtures.copy("run-b", tmp, "run");
        assertEquals("0", run("report", run.toString(), "--results", results.toString(), "--update-baseline")[0]);
        assertEquals("what this baseline is", read(baseline.resolve("README.md")), "the folder's own notes stay");
        try (Stream<Path> left = Files.list(results)) {
            assertEquals(List.of("baseline"), left.map(f -> f.getFileName().toString()).collect(Collectors.toList()),
                    "no temporary or old folder beside the baseline");
        }
    }

    @Test
    void aFullFilesystemIsOneLineAndExit2WithNoTemporaryLeft() throws Exception {
        try (TinyTmpfs fs = TinyTmpfs.mount(tmp.resolve("full"))) {
            Path run = Fixtures.copy("run-b", fs.dir(), "run");
            fs.fill();
            String[] r = run("report", run.toString(), "--baseline", Fixtures.fixture("run-a").toString());
            assertEquals("2", r[0], r[1] + r[2]);
            assertEquals(1, r[2].strip().lines().count(), r[2]);
            assertTrue(r[2].contains("No space left on device"), r[2]);
            try (Stream<Path> files = Files.list(run)) {
                assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no .tmp left");
            }
        }
    }

    @Test
    void mergeMakesOneMatrixOverHosts() throws IOException {
        Path other = Fixtures.copy("run-b", tmp, "other-host");
        Files.writeString(other.resolve("env.json"), read(other.resolve("env.json"))
                .replace("\"host\" : \"vm\"", "\"host\" : \"ci-xfs\"").replace("\"fs_type\" : \"ext4\"", "\"fs_type\" : \"xfs\""));
        Path out = tmp.resolve("merged");
        String[] r = run("report", out.toString(), "--merge", Fixtures.fixture("run-a").toString(), other.toString());
        assertEquals("0", r[0], r[1] + r[2]);
        String md = read(out.resolve("report.md"));
        assertTrue(md.contains("| convention | vm / 6.18.44-fc-v657 / ext4 | ci-xfs / 6.18.44-fc-v657 / xfs |"), md);
        assertTrue(md.contains("| seed2010/sigbus | 2 known bug<br>2 clean |"), md);
    }

    @Test
    void mergeExitsOneWhenARunHasAFailingTest() {
        Path bad = Fixtures.copy("run-b", tmp, "bad");
        Fixtures.editTest(bad, "invalidate-lock", "truncate-down", "model", t -> {
            Fixtures.move(t, "DISCARDED", "LEAKED_LOCK", 1);
            t.put("status", "FAIL");
            t.putArray("bugs_seen").add("LEAKED_LOCK");
        });
        String[] r = run("report", tmp.resolve("merged").toString(), "--merge", Fixtures.fixture("run-a").toString(),
                bad.toString());
        assertEquals("1", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("(seed2010/invalidate-lock, truncate-down, model): FAIL on vm / 6.18.44-fc-v657 / ext4: LEAKED_LOCK"),
                r[1]);
    }
}

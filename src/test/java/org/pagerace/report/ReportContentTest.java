package org.pagerace.report;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a report says, section by section, from the fixture runs. */
class ReportContentTest {
    @TempDir
    Path tmp;

    private static String markdown(Path dir, Optional<Path> baseline) {
        RunData run = RunData.read(dir);
        Optional<RunData> base = baseline.map(RunData::read);
        ReportDoc doc = ReportBuilder.build(run, base, base.map(b -> BaselineComparison.compare(b, run)));
        return MarkdownRenderer.render(doc);
    }

    @Test
    void aStressRunHasItsMatrixDetectionTimesAndOutcomeCounts() {
        String md = markdown(Fixtures.fixture("run-b"), Optional.of(Fixtures.fixture("run-a")));
        assertTrue(md.contains("### model backing") && md.contains("### file backing"), md);
        assertTrue(md.contains("| seed2010/sigbus | clean | LOST_WRITE 0.0186\u00a0%<br>SPURIOUS_SIGBUS 0.0296\u00a0% |"), md);
        assertTrue(md.contains("| seed2010/invalidate-lock | clean | clean |"), md);
        assertTrue(md.contains("| (seed2010/sigbus, punch-hole, model) | LOST_WRITE | 59 / 317954 | 0.0186\u00a0% [0.0141\u00a0%, 0.0239\u00a0%] | 158,977 | 34 ms |"),
                "rate, exact interval, samples/s and expected time to first detection: " + md);
        assertTrue(md.contains("## Outcome counts per test"), md);
        assertTrue(md.contains("Benchmarks (JMH)\n\nNot run (no bench.json)."), md);
        assertTrue(md.contains("Real kernel vs emulation\n\nNot run (no truth.json)."), md);
        assertTrue(md.contains("| kernel | 6.18.44-fc-v657 |"), "environment: " + md);
        assertTrue(md.contains("τ = 0.36"), "the measured spread is stated: " + md);
    }

    @Test
    void aSanityRunSaysWhatItMissedAndThatRatesAreUnknown() {
        String md = markdown(Fixtures.fixture("sanity"), Optional.empty());
        assertTrue(md.contains("**MISSED LOST_WRITE, SPURIOUS_SIGBUS**"), md);
        assertTrue(md.contains("| (seed2010/sigbus, punch-hole, file) | **LOST_WRITE (missed)** | 0 / 8 | < 36.9\u00a0% | - | - |"), md);
        assertTrue(md.contains("No baseline: nothing compared."), md);
    }

    @Test
    void truthAndExploreAreReportedWithoutStress() {
        String md = markdown(Fixtures.fixture("truth-explore"), Optional.empty());
        assertTrue(md.contains("Stress tests: not run (no stress.json)."), md);
        assertTrue(md.contains("| 6.18.44-fc-v657 | tmpfs | punch-hole | 2000 |"), "a v1 row takes the file's kernel: " + md);
        assertTrue(md.contains("LOST_WRITE (emulated only: real 0/2000, emulated 367/20000)"), md);
        assertTrue(md.contains("filemap (proxy)"), md);
        assertTrue(md.contains("all 208 interleavings up to bound 3 explored"), "completeness statement: " + md);
        assertTrue(md.contains("schedule: B:TRUNCATE_REMOVED")
                && md.contains("replay: pagerace run --convention sigbus --race punch-hole --era modern"), "trace: " + md);
    }

    @Test
    void htmlInlinesEveryPicture() throws IOException {
        Path dir = Fixtures.copy("truth-explore", tmp, "run");
        Files.createDirectories(dir.resolve("explore-traces"));
        byte[] png = Files.readAllBytes(Fixtures.fixture("bench-a").resolve("bench-locked-vs-retry-model.png"));
        Files.write(dir.resolve("explore-traces/sigbus_punch-hole_modern_LOST_WRITE.png"), png);
        RunData run = RunData.read(dir);
        String html = HtmlRenderer.render(ReportBuilder.build(run, Optional.empty(), Optional.empty()));
        assertTrue(html.contains("<img alt=\"LOST_WRITE in (seed2010/sigbus, punch-hole, modern)\" src=\"data:image/png;base64,"
                + java.util.Base64.getEncoder().encodeToString(png).substring(0, 40)), "inlined");
        assertFalse(html.contains("explore-traces/"), "no file reference left: self-contained");
        String md = Files.readString(dir.resolve("explore.json"), StandardCharsets.UTF_8);
        assertTrue(md.contains("explore-traces/"));
    }

    @Test
    void aBenchmarkOnlyFolderHasScoresRatiosAndItsCharts() throws IOException {
        Path dir = Fixtures.copy("bench-a", tmp, "bench");
        String md = markdown(dir, Optional.empty());
        assertTrue(md.contains("Stress tests: not run (no stress.json)."), md);
        assertTrue(md.contains("| FaultCostBenchmark.fault | model=nopage-locked, path=locked, backing=model, fs= | "
                + "avgt | "), md);
        assertTrue(md.contains("| nopage-locked | model | 4.42 ± 65.1 | unpaired (FaultCostBenchmark) |"),
                "retry/locked, net of the re-arm: " + md);
        assertFalse(md.matches("(?s).*\\| sigbus \\| model \\| [^|]* \\| unpaired.*"),
                "sigbus has no retry path, so no ratio: " + md);
        assertTrue(md.contains("net of the re-arm"), "the report says which ratio: " + md);
        assertTrue(md.contains("| nopage-locked | model | uffd | "), "emulated/real ratios: " + md);
        assertTrue(md.contains("![bench-locked-vs-retry-model.png](bench-locked-vs-retry-model.png)"), "its own chart: " + md);
        assertFalse(Files.exists(dir.resolve("report-bench-paths.png")), "no chart drawn where the run has its own");
    }

    @Test
    void withoutChartsOfItsOwnTheReportDrawsThem() throws IOException {
        Path dir = Fixtures.copy("bench-b", tmp, "bench");
        String md = markdown(dir, Optional.empty());
        assertTrue(Files.size(dir.resolve("report-bench-locked-vs-retry-model.png")) > 1000);
        assertTrue(md.contains("![report-bench-locked-vs-retry-model.png]"), md);
        String html = HtmlRenderer.render(ReportBuilder.build(RunData.read(dir), Optional.empty(), Optional.empty()));
        assertTrue(html.contains("src=\"data:image/png;base64,iVBORw0KGgo"), "the drawn chart is inlined");
    }
}

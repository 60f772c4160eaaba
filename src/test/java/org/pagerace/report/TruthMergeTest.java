package org.pagerace.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pagerace.check.Outcome;
import org.pagerace.check.Race;
import org.pagerace.fs.Filesystems;
import org.pagerace.cli.Main;
import org.pagerace.results.Json;
import org.pagerace.truth.Comparison;
import org.pagerace.truth.EmulatedOutcomes;
import org.pagerace.truth.RealOutcome;
import org.pagerace.truth.TruthDocument;
import org.pagerace.truth.TruthRace;
import org.pagerace.truth.TruthResult;

/**
 * {@code report --merge} over a host's truth.json (v1, one kernel) and a guest run's (v2, rows of another kernel):
 * one kernel x filesystem matrix with a row per kernel, each cell naming its model id.
 */
class TruthMergeTest {
    @TempDir
    Path tmp;

    @Test
    void mergeShowsOneRowPerKernel() throws IOException {
        Path host = Fixtures.copy("truth-explore", tmp, "host");
        Path guests = tmp.resolve("guests");
        Files.createDirectories(guests);
        Files.copy(host.resolve("env.json"), guests.resolve("env.json"));
        TruthResult real = new TruthResult("5.10.0-32-amd64", "xfs", "/mnt/xfs", "/dev/vdc rw", TruthRace.PUNCH_HOLE,
                2000, Map.of(RealOutcome.PERSISTED, 1200L, RealOutcome.LOST, 800L), Map.of(), 0, List.of(), 40.0,
                1000, 500, true, -1, -1, 0);
        EmulatedOutcomes emulated = new EmulatedOutcomes("invalidate-lock", "a summary", "a claim", Race.PUNCH_HOLE, 10_000,
                Map.of(Outcome.OK, 6000L, Outcome.DISCARDED, 4000L), 1.0, "defaults", 4096);
        Comparison row = new Comparison(real, Filesystems.idOnKernel("xfs", real.kernel()),
                Optional.of(emulated), List.of(), "compared");
        org.pagerace.results.TruthFile.Guest boot = new org.pagerace.results.TruthFile.Guest("5.10", "5.10.0-32-amd64", "linux-image-5.10.0-32-amd64", "tcg", 100, 80, 20, 1, 0);
        Json.write(guests.resolve("truth.json"), TruthDocument.of(List.of(row), List.of(), List.of(boot), 2000, 10_000, 1));

        Path out = tmp.resolve("merged");
        int code = run("report", out.toString(), "--merge", host.toString(), guests.toString());
        assertEquals(0, code);
        String md = Files.readString(out.resolve("report.md"), StandardCharsets.UTF_8);
        assertTrue(md.contains("| kernel | ext4 | tmpfs | xfs |"), "one column per filesystem: " + md);
        assertTrue(md.contains("| 5.10.0-32-amd64 | - | - | 1/1 xfs@5.10 |"), "the guest's row: " + md);
        assertTrue(md.contains("| 6.18.44-fc-v657 |"), "the host's row, from a v1 file: " + md);
    }

    private static int run(String... args) {
        PrintStream out = System.out;
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            return Main.execute(args);
        } finally {
            System.setOut(out);
        }
    }
}

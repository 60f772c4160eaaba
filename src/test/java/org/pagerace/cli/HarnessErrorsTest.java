package org.pagerace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pagerace.cli.MainRun.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pagerace.results.BadInputException;

/**
 * The command line's answers to what is not a model's bug: options that exclude each other, a reused {@code --out},
 * {@code /proc} as the file backing's directory, a broken model's livelock and deadlock, leftovers of killed JVMs.
 */
class HarnessErrorsTest {
    @Test
    void scheduleWithRepeatIsAUsageError() {
        String[] r = run("run", "--fs-model", "nopage-locked", "--race", "writeback", "--repeat", "10",
                "--schedule", "A:MKWRITE_RETURNED,B");
        assertEquals("2", r[0], r[1] + r[2]);
        assertEquals(1, r[2].strip().lines().count(), r[2]);
    }

    @Test
    void procAsTheFileBackingIsOneLineAndExit2() {
        for (String[] args : new String[][] {
            {"run", "--fs-model", "nopage-locked", "--race", "writeback", "--backing", "file", "--fs", "/proc"},
            {"explore", "--fs-model", "nopage-locked", "--race", "writeback", "--backing", "file", "--fs", "/proc"}}) {
            String[] r = run(args);
            assertEquals("2", r[0], String.join(" ", args) + ": " + r[1] + r[2]);
            assertEquals(1, r[2].strip().lines().count(), r[2]);
            assertTrue(r[2].contains("/proc"), r[2]);
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aLivelockingModelGetsItsOutcomeAndAShortTimeline() {
        String[] r = run("run", "--fs-model", "org.pagerace.broken.AlwaysNopage", "--race", "writeback");
        assertEquals("1", r[0], r[2]); /* a bug it does not declare */
        assertTrue(r[1].contains("outcome:  LIVELOCK"), r[1]);
        assertTrue(r[1].lines().count() < 400, r[1].lines().count() + " lines");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aDeadlockingModelStopsRunRepeatWithExit1() {
        String[] r = run("run", "--fs-model", "org.pagerace.broken.SelfDeadlock", "--race", "writeback", "--repeat",
                "1000");
        assertEquals("1", r[0], r[2]);
        assertTrue(r[1].contains("DEADLOCK") && r[1].contains("stopped by the watchdog"), r[1]);
        assertTrue(r[1].contains("explore --fs-model org.pagerace.broken.SelfDeadlock"), r[1]);
    }

    @Test
    void aFolderHoldingResultsIsRefusedUnlessForced(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("jcstress-results-1.bin.gz"), "x");
        Files.createDirectories(dir.resolve("jcstress"));
        Files.writeString(dir.resolve("jcstress/index.html"), "x");
        Files.writeString(dir.resolve("notes.txt"), "mine");
        BadInputException e = assertThrows(BadInputException.class, () -> OutFolder.claim(dir, false));
        assertTrue(e.getMessage().contains("--force"), e.getMessage());
        OutFolder.claim(dir, true);
        assertFalse(Files.exists(dir.resolve("jcstress-results-1.bin.gz")));
        assertFalse(Files.exists(dir.resolve("jcstress")));
        assertTrue(Files.exists(dir.resolve("notes.txt")), "a file not of a run is kept");
        OutFolder.claim(dir, false);
    }

    @Test
    void theSweepRemovesFoldersOfDeadProcessesOnly(@TempDir Path tmp) throws Exception {
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Path ofDead = Files.createDirectory(tmp.resolve("pagerace-native-" + dead.pid() + "-123"));
        Files.writeString(ofDead.resolve("libpagerace.so"), "x");
        Path ofLive = Files.createDirectory(tmp.resolve("pagerace-native-" + ProcessHandle.current().pid() + "-456"));
        Path oldNoPid = Files.createDirectory(tmp.resolve("pagerace-native-789"));
        Files.setLastModifiedTime(oldNoPid, FileTime.from(Instant.now().minusSeconds(3600)));
        Path newNoPid = Files.createDirectory(tmp.resolve("pagerace-native-abc"));
        assertEquals(2, StaleTempSweep.sweep(tmp, false));
        assertFalse(Files.exists(ofDead));
        assertFalse(Files.exists(oldNoPid));
        assertTrue(Files.exists(ofLive) && Files.exists(newNoPid));
        assertEquals(1, StaleTempSweep.sweep(tmp, true));
        assertFalse(Files.exists(ofLive));
    }
}

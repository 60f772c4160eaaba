package org.pagerace.cli;

import static org.junit.jupiter.api.Assertions.*;
import static org.pagerace.cli.MainRun.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The command line's exit codes and one-line errors. */
class MainTest {
    @Test
    void unknownSubcommandIsAOneLineUsageError() {
        String[] r = run("no-such-command");
        assertEquals("2", r[0]);
        assertEquals(1, r[2].strip().lines().count(), r[2]);
    }

    @Test
    void unknownConventionListsTheValidOnes() {
        String[] r = run("run", "--convention", "bogus", "--race", "truncate-down");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("unknown filesystem model 'bogus'") && r[2].contains("seed2010"), r[2]);
    }

    @Test
    void unknownRaceAndPointAreUsageErrors() {
        assertEquals("2", run("run", "--convention", "sigbus", "--race", "bogus")[0]);
        assertEquals("2", run("run", "--convention", "sigbus", "--race", "punch-hole", "--schedule", "A:NOPE")[0]);
    }

    @Test
    void envReportsTheFilesystemTypeOfTheDirectory() throws IOException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        String type = Files.getFileStore(dir).type();
        String[] r = run("env", "--fs", dir.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("fs:              " + type + " ("), r[1]);
    }

    @Test
    void envOnAMissingDirectoryIsAUsageError() {
        String[] r = run("env", "--fs", "/no/such/dir");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("no such directory"), r[2]);
    }

    @Test
    void repeatShowsSpuriousSigbusForSigbusAgainstPunchHole() {
        String[] r = run("run", "--convention", "sigbus", "--race", "punch-hole", "--repeat", "20000");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("SPURIOUS_SIGBUS"), r[1]);
    }

    @Test
    void aRunPrintsItsTimelineAndOutcome() {
        String[] r = run("run", "--convention", "zero-unlocked", "--race", "writeback", "--schedule",
                "A:MKWRITE_RETURNED,B");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("WRITEBACK_CLEANED") && r[1].contains("outcome:  UNNOTIFIED_DIRTY"), r[1]);
    }

    @Test
    void aBugTheModelDoesNotDeclareFailsTheRun() {
        String[] r = run("run", "--fs-model", "org.pagerace.broken.AlwaysNopage", "--race", "writeback", "--repeat",
                "5");
        assertEquals("1", r[0], r[2]);
        assertTrue(r[1].contains("FAIL: ") && r[1].contains("does not declare LIVELOCK"), r[1]);
    }
}

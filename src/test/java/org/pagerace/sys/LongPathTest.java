package org.pagerace.sys;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.pagerace.env.EnvInfo;
import org.pagerace.results.BadInputException;

/** A path longer than PATH_MAX is reported as too long (ENAMETOOLONG), not as a missing directory. */
class LongPathTest {
    private static final Path LONG = Path.of(System.getProperty("java.io.tmpdir"), "d/".repeat(2100));
    private static final Path LONG_NAME = Path.of(System.getProperty("java.io.tmpdir"), "n".repeat(300));

    @Test
    void pathLimitsKnowsBothLimits() {
        assertTrue(PathLimits.tooLong(LONG));
        assertTrue(PathLimits.tooLong(LONG_NAME));
        assertFalse(PathLimits.tooLong(Path.of(System.getProperty("java.io.tmpdir"))));
    }

    @Test
    void theShimSaysPathTooLong() {
        NativeException e = assertThrows(NativeException.class,
                () -> MappedFile.createTemp(LONG, MappedFile.PAGE_SIZE, MappedFile.PAGE_SIZE));
        assertEquals(Errno.ENAMETOOLONG, e.errno());
        assertTrue(e.getMessage().contains("path too long"), e.getMessage());
        assertTrue(e.getMessage().length() < 300, "one short line: " + e.getMessage().length() + " characters");
    }

    @Test
    void theFsDirectoryCheckSaysPathTooLong() {
        for (Path p : new Path[] {LONG, LONG_NAME}) {
            BadInputException e = assertThrows(BadInputException.class, () -> EnvInfo.checkDir(p));
            assertTrue(e.getMessage().contains("path too long"), e.getMessage());
            assertFalse(e.getMessage().contains("no such directory"), e.getMessage());
        }
    }
}

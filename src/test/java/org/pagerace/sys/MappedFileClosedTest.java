package org.pagerace.sys;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * After {@link MappedFile#close()} every accessor throws {@link IllegalStateException}: the fd number and the
 * address may already belong to another file, which the call would otherwise read, write, truncate or punch.
 */
class MappedFileClosedTest {
    private static final int PAGE = MappedFile.PAGE_SIZE;
    private static final Path TMP = Path.of(System.getProperty("java.io.tmpdir"));

    @Test
    void everyAccessorThrowsAfterClose() {
        MappedFile f = MappedFile.createTemp(TMP, 2L * PAGE, 2L * PAGE);
        f.close();
        List<Executable> uses = List.of(
                f::fd, f::address, f::size,
                () -> f.tryStore(0, 1), () -> f.tryLoad(0), () -> f.readLong(0), () -> f.writeLong(0, 1),
                () -> f.truncate(0), () -> f.punchHole(0, PAGE), () -> f.dropCache(0, PAGE),
                () -> f.msync(0, PAGE), () -> f.zapPtes(0, PAGE), () -> f.pageState(0),
                () -> f.faultLoop(8, 1, LibPagerace.PAGERACE_FAULT_DONTNEED));
        for (Executable use : uses) {
            IllegalStateException e = assertThrows(IllegalStateException.class, use);
            assertTrue(e.getMessage().contains("after close()"), e.getMessage());
        }
        assertTrue(f.isClosed());
        f.close(); // still idempotent
    }

    @Test
    void aClosedFileDoesNotReachTheFileThatReusedItsFd() {
        MappedFile old = MappedFile.createTemp(TMP, PAGE, PAGE);
        int oldFd = old.fd();
        old.close();
        try (MappedFile reuser = MappedFile.createTemp(TMP, PAGE, PAGE)) {
            reuser.writeLong(0, 77);
            // The kernel gives the lowest free number; whether or not it is the same one, the old object must not act.
            assertThrows(IllegalStateException.class, () -> old.writeLong(0, 13));
            assertThrows(IllegalStateException.class, () -> old.truncate(0));
            assertEquals(77, reuser.readLong(0));
            assertEquals(PAGE, reuser.size());
            assertTrue(reuser.fd() >= 0 && oldFd >= 0);
        }
    }
}

package org.pagerace.truth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.pagerace.env.EnvInfo;
import org.pagerace.sys.MappedFile;

/**
 * The filesystem difference the partial-page race measures, made deterministic: a store into the tail of the EOF
 * page (beyond EOF, no SIGBUS), then the file is extended. tmpfs keeps the stale tail as file data; ext4 zeroes it
 * (REALKERNEL.md §2). Each case runs only where its filesystem is present.
 */
class PartialPageTailTest {
    private static final long EOF = TruthRace.PAGE_OFFSET + 100;
    private static final long TAIL = TruthRace.PAGE_OFFSET + 2048;
    private static final long VALUE = 0x5452555400000001L;

    private static long storeInTailThenExtend(Path dir) {
        try (MappedFile f = MappedFile.createTemp(dir, TruthRace.SIZE, TruthRace.SIZE)) {
            f.truncate(EOF);
            assertTrue(f.tryStore(TAIL, VALUE), "a store inside the EOF page must not fail");
            f.truncate(TruthRace.SIZE);
            return f.readLong(TAIL);
        }
    }

    @Test
    void tmpfsKeepsTheTail() {
        Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && "tmpfs".equals(EnvInfo.fsType(shm)), "/dev/shm is not tmpfs");
        assertEquals(VALUE, storeInTailThenExtend(shm));
    }

    @Test
    void ext4ZeroesTheTail() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        assumeTrue("ext4".equals(EnvInfo.fsType(tmp)), "the temp dir is not on ext4");
        assertEquals(0, storeInTailThenExtend(tmp));
    }
}

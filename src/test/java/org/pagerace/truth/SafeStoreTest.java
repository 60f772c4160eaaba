package org.pagerace.truth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.pagerace.sys.MappedFile;

/**
 * The two facts about the safe store that the truth suite stands on: beyond EOF it reports EFAULT where a plain
 * store would kill the JVM with SIGBUS, and after the file grows again the same page takes a store that reads back.
 */
class SafeStoreTest {
    private static final Path TMP = Path.of(System.getProperty("java.io.tmpdir"));

    @Test
    void storePastEofIsEfaultAndTheJvmSurvives() {
        try (MappedFile f = MappedFile.createTemp(TMP, TruthRace.SIZE, TruthRace.SIZE)) {
            f.truncate(TruthRace.PAGE_OFFSET);
            for (int i = 0; i < 1000; i++) {
                assertFalse(f.tryStore(TruthRace.PAGE_OFFSET, 42), "a store past EOF must fail with EFAULT");
            }
            assertTrue(f.tryStore(0, 7), "the page inside EOF still takes stores");
            assertEquals(7, f.readLong(0));
        }
    }

    @Test
    void storeAfterTruncateUpReadsBack() {
        try (MappedFile f = MappedFile.createTemp(TMP, TruthRace.SIZE, TruthRace.SIZE)) {
            f.truncate(0);
            assertFalse(f.tryStore(TruthRace.PAGE_OFFSET, 1));
            f.truncate(TruthRace.SIZE);
            long v = 0x5452555400000006L;
            assertTrue(f.tryStore(TruthRace.PAGE_OFFSET, v));
            assertEquals(v, f.readLong(TruthRace.PAGE_OFFSET));
        }
    }
}

package org.pagerace.sys;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pagerace.env.EnvInfo;

/**
 * On a full filesystem (a 64 KiB tmpfs, filled; root only) the shim answers ENOSPC and the messages say "no space
 * left on device". Before: the fault loop crashed the JVM with SIGBUS, and the safe store said EFAULT, which reads
 * as "beyond EOF" (a SIGBUS outcome of the race under test).
 */
class FullFilesystemTest {
    private static final int PAGE = MappedFile.PAGE_SIZE;

    @ParameterizedTest
    @ValueSource(ints = {LibPagerace.PAGERACE_FAULT_MSYNC, LibPagerace.PAGERACE_FAULT_DONTNEED,
            LibPagerace.PAGERACE_FAULT_UFFD_WP})
    void theFaultLoopSaysNoSpaceInsteadOfKillingTheJvm(int method) throws Exception {
        try (TinyTmpfs fs = TinyTmpfs.mountFull();
                MappedFile f = MappedFile.createTemp(fs.dir, 2L * PAGE, 2L * PAGE)) {
            NativeException e = assertThrows(NativeException.class, () -> f.faultLoop(8, 10, method));
            assertEquals(Errno.ENOSPC, e.errno());
            assertTrue(e.getMessage().contains("no space left on device"), e.getMessage());
        }
    }

    @Test
    void theSafeStoreSaysNoSpaceNotBeyondEof() throws Exception {
        try (TinyTmpfs fs = TinyTmpfs.mountFull();
                MappedFile f = MappedFile.createTemp(fs.dir, 2L * PAGE, 2L * PAGE)) {
            NativeException e = assertThrows(NativeException.class, () -> f.tryStore(8, 1));
            assertTrue(e.getMessage().contains("no space left on device"), e.getMessage());
            f.truncate(PAGE);
            assertFalse(f.tryStore(PAGE + 8, 1), "beyond EOF it is still EFAULT, not ENOSPC");
        }
    }

    @Test
    void theEnvironmentProbeSaysNoSpace() throws Exception {
        try (TinyTmpfs fs = TinyTmpfs.mountFull()) {
            String why = EnvInfo.probe(fs.dir);
            assertNotNull(why, "the probe must fail on a full filesystem");
            assertTrue(why.contains("no space left on device"), why);
        }
    }
}

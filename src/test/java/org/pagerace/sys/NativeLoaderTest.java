package org.pagerace.sys;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The shim loads from the jar's resource and leaves its extraction directory behind it. */
class NativeLoaderTest {
    @Test
    void loadsTheExpectedAbiAndLeavesNoTempDirectory() throws IOException {
        LibPagerace.ensureLoaded();
        assertEquals(LibPagerace.ABI_VERSION, LibPagerace.pagerace_abi_version());
        assertEquals(4096, LibPagerace.pagerace_page_size());
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("pagerace-native-")),
                    "the extracted library is deleted once loaded");
        }
    }

    @Test
    void badArgumentsAreErrnoNotSignals() {
        assertEquals(-Errno.EBADF, LibPagerace.pagerace_ftruncate(-1, 0));
        assertEquals(-Errno.EINVAL, LibPagerace.pagerace_store64(12345, 0, 1));
        assertEquals(-Errno.EINVAL, PageraceNatives.pagerace_open(null, 0), "the shim itself refuses NULL");
        assertThrows(IllegalArgumentException.class, () -> LibPagerace.pagerace_open(null, 0),
                "and the binding refuses it before the call");
    }
}

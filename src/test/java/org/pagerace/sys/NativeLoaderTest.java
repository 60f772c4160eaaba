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
        assertEquals(machinePageSize(), LibPagerace.pagerace_page_size());
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("pagerace-native-")),
                    "the extracted library is deleted once loaded");
        }
    }

    /** The machine's page size as {@code getconf PAGESIZE} gives it (4096 on x86-64, 16k or 64k on some arm64). */
    private static int machinePageSize() throws IOException {
        Process p = new ProcessBuilder("getconf", "PAGESIZE").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        try {
            assertEquals(0, p.waitFor(), "getconf PAGESIZE: " + out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return Integer.parseInt(out);
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

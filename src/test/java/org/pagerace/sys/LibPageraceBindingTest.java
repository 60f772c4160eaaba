package org.pagerace.sys;

import static org.junit.jupiter.api.Assertions.*;
import static org.pagerace.sys.LibPagerace.*;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The public binding refuses a length that does not fit the array it describes, and a path C would misread, with
 * {@link IllegalArgumentException}, before anything reaches C. Each misuse here used to reach C unchecked: the
 * pread wrote 1 MiB into an 8-byte array (heap corruption), the pwrite wrote 64 MiB of process memory into the
 * file, the load into an empty array crashed the JVM (SIGSEGV).
 */
class LibPageraceBindingTest {
    private static final int PAGE = MappedFile.PAGE_SIZE;

    private MappedFile file;

    @BeforeEach
    void createFile() {
        file = MappedFile.createTemp(Path.of(System.getProperty("java.io.tmpdir")), 2L * PAGE, 2L * PAGE);
        file.writeLong(0, 0x0102030405060708L);
    }

    @AfterEach
    void closeFile() {
        file.close();
    }

    @Test
    void preadLongerThanItsBufferIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pagerace_pread(file.fd(), new byte[8], 1 << 20, 0));
        assertTrue(e.getMessage().contains("outside the buffer of 8 bytes"), e.getMessage());
    }

    @Test
    void pwriteLongerThanItsBufferIsRefusedAndTheFileIsUntouched() {
        assertThrows(IllegalArgumentException.class, () -> pagerace_pwrite(file.fd(), new byte[8], 64 << 20, 0));
        assertEquals(2L * PAGE, file.size(), "nothing was written past the buffer");
        assertEquals(0x0102030405060708L, file.readLong(0));
    }

    @Test
    void negativeLengthsAndNullBuffersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> pagerace_pread(file.fd(), new byte[8], -1, 0));
        assertThrows(IllegalArgumentException.class, () -> pagerace_pwrite(file.fd(), new byte[8], -1, 0));
        assertThrows(IllegalArgumentException.class, () -> pagerace_pread(file.fd(), null, 8, 0));
        assertThrows(IllegalArgumentException.class, () -> pagerace_pwrite(file.fd(), null, 0, 0));
    }

    @Test
    void loadIntoAnEmptyOrNullArrayIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> pagerace_load64(file.address(), 0, new long[0]));
        assertThrows(IllegalArgumentException.class, () -> pagerace_load64(file.address(), 0, null));
    }

    @Test
    void aPathWithANulCharacterIsRefused() {
        String dir = System.getProperty("java.io.tmpdir");
        assertThrows(IllegalArgumentException.class, () -> pagerace_create_tmp(dir + "\0/elsewhere", PAGE));
        assertThrows(IllegalArgumentException.class, () -> pagerace_open(dir + "/x\0y", PAGE));
        assertThrows(IllegalArgumentException.class, () -> pagerace_open(null, PAGE));
    }

    @Test
    void lengthsWithinTheBufferWorkAndTouchOnlyThatMany() {
        byte[] buf = new byte[16];
        assertEquals(4, pagerace_pread(file.fd(), buf, 4, 0));
        assertEquals(0, buf[4], "bytes past len are left alone");
        assertEquals(16, pagerace_pread(file.fd(), buf, buf.length, 0));
        assertEquals(3, pagerace_pwrite(file.fd(), buf, 3, PAGE));
        assertEquals(0, pagerace_pwrite(file.fd(), buf, 0, PAGE));
        long[] out = new long[1];
        assertEquals(0, pagerace_load64(file.address(), 0, out));
        assertEquals(0x0102030405060708L, out[0]);
    }
}

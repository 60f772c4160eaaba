package org.pagerace.sys;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link MappedFile} on real files, in the system temp dir (a disk filesystem here) and in /dev/shm (tmpfs). */
class MappedFileTest {
    private static final int PAGE = MappedFile.PAGE_SIZE;

    private static Path dir(String name) {
        Path p = Path.of(name.equals("tmp") ? System.getProperty("java.io.tmpdir") : "/dev/shm");
        assumeTrue(Files.isDirectory(p) && Files.isWritable(p), p + " not available");
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"tmp", "shm"})
    void storeIsVisibleToPread(String where) {
        try (MappedFile f = MappedFile.createTemp(dir(where), 4L * PAGE, 4L * PAGE)) {
            assertTrue(f.tryStore(PAGE + 16, 0x1122334455667788L));
            assertEquals(0x1122334455667788L, f.readLong(PAGE + 16));
            assertEquals(0x1122334455667788L, f.tryLoad(PAGE + 16).getAsLong());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tmp", "shm"})
    void safeStoreBeyondEofIsEfaultAndTheJvmLivesOn(String where) {
        try (MappedFile f = MappedFile.createTemp(dir(where), 4L * PAGE, 4L * PAGE)) {
            assertTrue(f.tryStore(2L * PAGE, 7));
            f.truncate(PAGE);
            for (int i = 0; i < 1000; i++) {
                assertFalse(f.tryStore(2L * PAGE, i), "a store beyond EOF must fail with EFAULT");
                assertTrue(f.tryLoad(2L * PAGE).isEmpty());
            }
            f.truncate(4L * PAGE);
            assertEquals(0, f.readLong(2L * PAGE), "truncate discarded the data");
            assertTrue(f.tryStore(2L * PAGE, 9), "after re-extension the page is writable again");
            assertEquals(9, f.readLong(2L * PAGE));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tmp", "shm"})
    void punchHoleZeroesThePageAndKeepsTheSize(String where) {
        try (MappedFile f = MappedFile.createTemp(dir(where), 4L * PAGE, 4L * PAGE)) {
            f.writeLong(PAGE, 5);
            f.writeLong(2L * PAGE, 6);
            f.punchHole(PAGE, PAGE);
            assertEquals(0, f.readLong(PAGE));
            assertEquals(6, f.readLong(2L * PAGE));
            assertEquals(4L * PAGE, f.size());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tmp", "shm"})
    void closeLeavesNoFdMappingOrFile(String where) throws IOException {
        Path d = dir(where);
        Set<String> fdsBefore = fds();
        long mapsBefore = mappings();
        Path named = d.resolve("pagerace-test-" + ProcessHandle.current().pid());
        MappedFile a = MappedFile.create(named, 2L * PAGE, 2L * PAGE);
        MappedFile b = MappedFile.createTemp(d, 2L * PAGE, 2L * PAGE);
        assertTrue(Files.exists(named));
        assertTrue(a.tryStore(0, 1) && b.tryStore(0, 1));
        a.close();
        b.close();
        a.close();
        assertFalse(Files.exists(named), "the named file is removed on close");
        assertEquals(fdsBefore, fds(), "no fd is left open");
        assertEquals(mapsBefore, mappings(), "no mapping is left");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tmp"})
    void errorsNameTheOperationAndThePath(String where) {
        Path missing = dir(where).resolve("no-such-dir-" + System.nanoTime()).resolve("f");
        NativeException e = assertThrows(NativeException.class, () -> MappedFile.create(missing, PAGE, PAGE));
        assertTrue(e.getMessage().startsWith("open " + missing), e.getMessage());
        assertEquals(Errno.ENOENT, e.errno());
    }

    private static Set<String> fds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.map(p -> {
                try {
                    return p.getFileName() + "->" + Files.readSymbolicLink(p);
                } catch (IOException e) {
                    return p.getFileName().toString();
                }
            }).filter(x -> !x.contains("/proc/") && !x.contains("pipe:")).collect(Collectors.toSet());
        }
    }

    private static long mappings() throws IOException {
        List<String> maps = Files.readAllLines(Path.of("/proc/self/maps"));
        return maps.stream().filter(l -> l.contains("pagerace") || l.contains("(deleted)") || l.contains("/dev/shm")).count();
    }
}

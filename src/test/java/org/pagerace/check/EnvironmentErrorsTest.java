package org.pagerace.check;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.pagerace.fs.Filesystems;
import org.pagerace.mm.Backing;
import org.pagerace.mm.EnvironmentException;

/**
 * Environment errors end a run as an {@link EnvironmentException} naming the directory and the cause; they are
 * never judged as an outcome (a full filesystem used to be STALE_WRITE). The mounts need root: skipped otherwise.
 */
class EnvironmentErrorsTest {
    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Mounts {@code type} with {@code options} on a new temp dir, runs {@code body}, unmounts in any case. */
    private static void withMount(String type, String options, MountBody body) throws Exception {
        Path dir = Files.createTempDirectory("pagerace-envtest-");
        try {
            run("mount", "-t", type, "-o", options, type, dir.toString());
            try {
                body.run(dir);
            } finally {
                run("umount", "-l", dir.toString());
            }
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    interface MountBody {
        void run(Path dir) throws Exception;
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    private static void fill(Path dir) throws IOException {
        try (OutputStream o = Files.newOutputStream(dir.resolve("filler"))) {
            byte[] block = new byte[4096];
            for (;;) {
                o.write(block);
                o.flush();
            }
        } catch (IOException full) {
            assertTrue(full.getMessage().contains("No space"), full.getMessage());
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aFullFilesystemEndsTheRunNamingTheDirectoryAndTheCause() throws Exception {
        assumeTrue(root(), "mounting a 64 KiB tmpfs needs root");
        withMount("tmpfs", "size=64k", dir -> {
            fill(dir);
            Backing b = Backings.create(Backings.FILE, dir);
            try (RaceRunner r = new RaceRunner(Filesystems.resolve("invalidate-lock"), Race.WRITEBACK, null, b)) {
                EnvironmentException e = assertThrows(EnvironmentException.class, () -> r.run(2000, null));
                assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("no space left on device"),
                        e.getMessage());
            }
        });
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aFilesystemThatCannotPunchEndsTheRunInsteadOfHangingIt() throws Exception {
        assumeTrue(root(), "mounting ramfs needs root");
        withMount("ramfs", "mode=1777", dir -> {
            Backing b = Backings.create(Backings.FILE, dir);
            try (RaceRunner r = new RaceRunner(Filesystems.resolve("invalidate-lock"), Race.PUNCH_HOLE, null, b)) {
                EnvironmentException e = assertThrows(EnvironmentException.class, () -> r.run(100, null));
                assertTrue(e.getMessage().contains("EOPNOTSUPP"), e.getMessage());
            }
        });
    }

    @Test
    void procIsAnEnvironmentErrorNotACrash() {
        EnvironmentException e = assertThrows(EnvironmentException.class,
                () -> Backings.create(Backings.FILE, Path.of("/proc")));
        assertTrue(e.getMessage().contains("/proc"), e.getMessage());
    }
}

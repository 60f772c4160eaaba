package org.pagerace.sys;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A 64 KiB tmpfs, mounted on a fresh temporary directory and filled to the last block, for the full-filesystem
 * tests. Needs root: {@link #mountFull()} skips the calling test (with the reason) where mounting is not possible.
 * {@link #close()} unmounts and removes the directory; use it in try-with-resources so it runs on failure too.
 */
final class TinyTmpfs implements AutoCloseable {
    final Path dir;

    private TinyTmpfs(Path dir) {
        this.dir = dir;
    }

    static TinyTmpfs mountFull() throws IOException, InterruptedException {
        Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        assumeTrue(Integer.valueOf(0).equals(uid), "needs root to mount a tmpfs (uid " + uid + ")");
        Path dir = Files.createTempDirectory("pagerace-full-");
        int rc = run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", dir.toString());
        if (rc != 0) {
            Files.deleteIfExists(dir);
        }
        assumeTrue(rc == 0, "mount -t tmpfs failed (exit " + rc + "): no mount permission here");
        TinyTmpfs fs = new TinyTmpfs(dir);
        try {
            fs.fill();
        } catch (IOException | RuntimeException e) {
            fs.close();
            throw e;
        }
        return fs;
    }

    /** Writes a file of 4 KiB blocks until the filesystem refuses the next one. */
    private void fill() throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(dir.resolve("filler"))) {
            for (int i = 0; i < 1024; i++) {
                out.write(block);
                out.flush();
            }
        } catch (IOException e) {
            if (e.getMessage() == null || !e.getMessage().contains("No space left")) {
                throw e;
            }
            return;
        }
        throw new IllegalStateException("a 64 KiB tmpfs took 4 MiB");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("umount", dir.toString());
        Files.deleteIfExists(dir);
    }

    private static int run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}

package org.pagerace.report;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A 256 KiB tmpfs mounted for one test, to fill up (needs root: the test is skipped otherwise). */
final class TinyTmpfs implements AutoCloseable {
    private final Path dir;

    private TinyTmpfs(Path dir) {
        this.dir = dir;
    }

    static TinyTmpfs mount(Path dir) throws IOException, InterruptedException {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        Files.createDirectories(dir);
        int rc = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", dir.toString()).inheritIO()
                .start().waitFor();
        assumeTrue(rc == 0, "mount -t tmpfs failed (exit " + rc + "): no mount privilege here");
        return new TinyTmpfs(dir);
    }

    Path dir() {
        return dir;
    }

    /** Writes a file until the filesystem has no space left. */
    void fill() throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(dir.resolve("filler"))) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        new ProcessBuilder("umount", dir.toString()).inheritIO().start().waitFor();
    }
}

package org.pagerace.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

/**
 * Removes what a killed JVM left in the temp dir: a {@code pagerace-native-PID-*} folder (the native library is
 * copied there and deleted as soon as it is loaded, a window of milliseconds; a signal inside it leaves the folder).
 * At the CLI's start, folders of processes that no longer run are removed (and, for names without a pid, folders
 * older than {@link #STALE}, which cannot belong to a live load); at its exit, a shutdown hook removes this
 * process's own. Best effort, silent.
 */
final class StaleTempSweep {
    /** Age beyond which a native-library folder is stale: far above the milliseconds a load takes. */
    static final Duration STALE = Duration.ofMinutes(1);

    private StaleTempSweep() {
    }

    /** Sweeps {@code tmp} now and registers the sweep of this process's own folders at exit. */
    static void atStartAndExit(Path tmp) {
        sweep(tmp, false);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> sweep(tmp, true), "pagerace-temp-sweep"));
    }

    /**
     * Sweeps {@code tmp}: the folders of dead processes ({@code own}: false), or this process's own ({@code own}:
     * true); returns the number of folders removed.
     */
    static int sweep(Path tmp, boolean own) {
        int removed = 0;
        Instant before = Instant.now().minus(STALE);
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmp, "pagerace-native-*")) {
            for (Path dir : ds) {
                if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(dir)) {
                    continue;
                }
                Long pid = pid(dir.getFileName().toString());
                boolean stale;
                if (own) {
                    stale = pid != null && pid == self;
                } else if (pid != null) {
                    stale = pid != self && ProcessHandle.of(pid).isEmpty();
                } else {
                    FileTime t = Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS);
                    stale = t.toInstant().isBefore(before);
                }
                if (!stale) {
                    continue;
                }
                if (removeFlat(dir)) {
                    removed++;
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: a temp dir we cannot read is not this command's business
        }
        return removed;
    }

    /** The pid in {@code pagerace-native-PID-RANDOM}, or null for another name. */
    static Long pid(String name) {
        String rest = name.substring("pagerace-native-".length());
        int dash = rest.indexOf('-');
        if (dash <= 0) {
            return null;
        }
        try {
            return Long.parseLong(rest.substring(0, dash));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Removes {@code dir} and the plain files in it (it holds only the library); false if anything else is there. */
    private static boolean removeFlat(Path dir) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path f : ds) {
                if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    return false;
                }
            }
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path f : ds) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
        return true;
    }
}

package org.pagerace.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * One run's folder: {@code results/runs/<UTC time>-<host>/} by default, or a folder the user names. Every file is
 * written through {@link AtomicFiles}.
 */
public final class RunFolder {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private final Path dir;

    private RunFolder(Path dir) {
        this.dir = dir;
    }

    /**
     * The folder {@code out} if given (created if missing), else a new one under {@code results/runs}. Throws
     * {@link BadInputException} if it cannot be created or written.
     */
    public static RunFolder create(Path out, Path resultsRoot) {
        Path dir = out != null ? out : resultsRoot.resolve("runs").resolve(defaultName(host()));
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".probe", "");
            Files.delete(probe);
        } catch (IOException e) {
            throw new BadInputException("results directory " + dir + " is not writable: " + AtomicFiles.reason(e));
        }
        return new RunFolder(dir);
    }

    /** An existing run folder; throws {@link BadInputException} if it is not a directory. */
    public static RunFolder open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException("run folder " + dir + " does not exist");
        }
        return new RunFolder(dir);
    }

    /** A run folder's default name: the UTC time now, then {@code suffix} (a host name, or {@code merged}). */
    public static String defaultName(String suffix) {
        return STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-" + suffix;
    }

    /** This host's name, as the default run folder names carry it (characters outside [A-Za-z0-9._-] as _). */
    public static String host() {
        String h;
        try {
            h = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException e) {
            h = "";
        }
        if (h.isBlank()) {
            h = System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
        return h.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    public Path dir() {
        return dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    /** Writes a results record under its schema's file name. */
    public void write(ResultsDocument doc) {
        Json.write(file(doc.schema().fileName()), doc);
    }

    public void writeText(String name, String text) {
        AtomicFiles.writeString(file(name), text);
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}

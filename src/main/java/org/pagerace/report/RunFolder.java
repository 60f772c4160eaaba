package org.pagerace.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * One run's folder: {@code results/runs/<UTC time>-<host>/} by default, or a folder the user names. Every file is
 * written through a temporary name and a rename.
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
        Path dir = out != null ? out
                : resultsRoot.resolve("runs").resolve(STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-" + EnvInfo.host());
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".probe", "");
            Files.delete(probe);
        } catch (IOException e) {
            throw new BadInputException("results directory " + dir + " is not writable: " + e.getMessage());
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

    public Path dir() {
        return dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    public void writeJson(String name, JsonNode node) {
        Json.write(file(name), node);
    }

    public void writeText(String name, String text) {
        try {
            Path target = file(name);
            Path tmp = target.resolveSibling(name + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file(name) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}

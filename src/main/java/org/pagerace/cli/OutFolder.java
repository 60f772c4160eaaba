package org.pagerace.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.pagerace.results.BadInputException;

/**
 * The {@code --out} folder of {@code stress}: a folder holding an earlier run's results is refused unless
 * {@code --force}, which removes those results first, so that a run never grades JCStress result files it did not
 * write; and writes into it that fail for space or permission end the command with one line (exit 2), leaving no
 * {@code .tmp} file behind.
 */
final class OutFolder {
    /** The names of the files and folders a run writes (globs). */
    static final List<String> RESULTS = List.of("jcstress-results-*.bin.gz", "jcstress", "jcstress.log", "stress.json",
            "junit.xml", "plan.json", "env.json", "report.md", "report.html", "report.json", "environment-errors.txt", "*.tmp");

    private OutFolder() {
    }

    /**
     * Makes {@code dir} ready for a run: refused (one line) if it holds results of an earlier run and not
     * {@code force}; with {@code force}, those results are removed.
     */
    static void claim(Path dir, boolean force) {
        List<Path> earlier = results(dir);
        if (earlier.isEmpty()) {
            return;
        }
        if (!force) {
            throw new BadInputException("--out " + dir + " already holds results (" + earlier.get(0).getFileName()
                    + (earlier.size() > 1 ? " and " + (earlier.size() - 1) + " more" : "")
                    + "): give an empty or new folder, or --force to replace them");
        }
        for (Path p : earlier) {
            delete(p);
        }
    }

    /** The results of an earlier run in {@code dir} (none if it does not exist). */
    static List<Path> results(Path dir) {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        for (String glob : RESULTS) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
                ds.forEach(found::add);
            } catch (IOException e) {
                throw new BadInputException("--out " + dir + ": cannot list: " + e.getMessage());
            }
        }
        return found;
    }

    private static void delete(Path p) {
        try {
            if (Files.isDirectory(p)) {
                Files.walkFileTree(p, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                        Files.delete(f);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                        Files.delete(d);
                        return FileVisitResult.CONTINUE;
                    }
                });
            } else {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new BadInputException("--out: cannot remove the earlier " + p + ": " + e.getMessage());
        }
    }

    /** Runs {@code writes} into {@code dir}; a failure is one line naming the folder, and no {@code .tmp} remains. */
    static void writing(Path dir, Runnable writes) {
        try {
            writes.run();
        } catch (UncheckedIOException e) {
            try (DirectoryStream<Path> tmp = Files.newDirectoryStream(dir, "*.tmp")) {
                for (Path t : tmp) {
                    Files.deleteIfExists(t);
                }
            } catch (IOException ignored) {
                // the message below names the folder; a .tmp we cannot list we cannot remove either
            }
            IOException cause = e.getCause();
            String why = cause == null ? e.getMessage() : cause.getMessage();
            throw new BadInputException("run folder " + dir + ": cannot write: "
                    + (why != null && why.contains("No space left") ? "no space left on device (ENOSPC)" : why));
        }
    }

    /**
     * The first environment error a JCStress fork logged in {@code log} (a sample's {@code EnvironmentException}:
     * the test is an ERROR, never graded), or null.
     */
    static String environmentError(Path log) {
        if (!Files.isRegularFile(log)) {
            return null;
        }
        String marker = org.pagerace.mm.EnvironmentException.class.getName() + ": ";
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(marker)).map(l -> l.substring(l.indexOf(marker) + marker.length()))
                    .findFirst().orElse(null);
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }
}

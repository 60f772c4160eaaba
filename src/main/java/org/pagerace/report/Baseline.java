package org.pagerace.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.pagerace.results.AtomicFiles;
import org.pagerace.results.BadInputException;

/**
 * The committed reference run, {@code results/baseline/}: the machine-readable results of one run and its report.
 * It is replaced only by {@link #replace}, on the user's explicit flag, never as a side effect.
 */
public final class Baseline {
    private Baseline() {
    }

    /** Whether a run folder's file belongs in a baseline: JSON, JUnit XML, the Markdown report, PNG charts. */
    static boolean kept(Path file) {
        String n = file.getFileName().toString();
        return Files.isRegularFile(file) && !n.startsWith(".") && !n.endsWith(".tmp")
                && (n.endsWith(".json") || n.equals("junit.xml") || n.equals("report.md") || n.endsWith(".png"));
    }

    /**
     * Replaces the baseline folder {@code baselineDir} as a whole ({@link AtomicFiles#replaceFolder}) by the files of
     * {@code run} that {@link #kept} selects, keeping the old folder's other files (a README): an interrupted update
     * leaves the old baseline whole and no temporary behind. Returns the names copied.
     */
    public static List<String> replace(Path run, Path baselineDir) {
        if (!RunData.looksLikeRun(run)) {
            throw new BadInputException(run + " holds no results to make a baseline of");
        }
        List<Path> files = list(run, Baseline::kept);
        List<Path> others = Files.isDirectory(baselineDir)
                ? list(baselineDir, f -> Files.isRegularFile(f) && !kept(f) && !f.getFileName().toString().startsWith("."))
                : List.of();
        AtomicFiles.replaceFolder(baselineDir, dir -> {
            for (Path f : others) {
                Files.copy(f, dir.resolve(f.getFileName().toString()));
            }
            for (Path f : files) {
                Files.copy(f, dir.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        });
        return files.stream().map(f -> f.getFileName().toString()).collect(Collectors.toList());
    }

    private static List<Path> list(Path dir, java.util.function.Predicate<Path> which) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(which).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new BadInputException("cannot list " + dir + ": " + e.getMessage());
        }
    }
}

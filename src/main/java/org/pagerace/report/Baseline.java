package org.pagerace.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
     * Replaces the baseline in {@code baselineDir} by the files of {@code run} that {@link #kept} selects: each is
     * copied to a temporary name in {@code baselineDir}, then all are renamed into place, then the files of the old
     * baseline that the run does not have are deleted. Returns the names copied.
     */
    public static List<String> replace(Path run, Path baselineDir) {
        List<Path> files;
        try (Stream<Path> s = Files.list(run)) {
            files = s.filter(Baseline::kept).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new BadInputException("cannot list run folder " + run + ": " + e.getMessage());
        }
        if (!RunData.looksLikeRun(run)) {
            throw new BadInputException(run + " holds no results to make a baseline of");
        }
        List<String> names = new ArrayList<>();
        try {
            Files.createDirectories(baselineDir);
            List<Path[]> moves = new ArrayList<>();
            for (Path f : files) {
                Path tmp = baselineDir.resolve("." + f.getFileName() + ".tmp");
                Files.copy(f, tmp, StandardCopyOption.REPLACE_EXISTING);
                moves.add(new Path[] {tmp, baselineDir.resolve(f.getFileName().toString())});
                names.add(f.getFileName().toString());
            }
            for (Path[] m : moves) {
                Files.move(m[0], m[1], StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            try (Stream<Path> old = Files.list(baselineDir)) {
                for (Path f : (Iterable<Path>) old.filter(Baseline::kept)::iterator) {
                    if (!names.contains(f.getFileName().toString())) {
                        Files.delete(f);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace the baseline " + baselineDir + ": " + e.getMessage(), e);
        }
        return names;
    }
}

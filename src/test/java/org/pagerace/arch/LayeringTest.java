package org.pagerace.arch;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering README.md states, held by a plain scan of the import statements of the main sources: a package may
 * import only packages on a lower floor. From the bottom: {@code sys}; {@code results} (results files, run folders,
 * used by everything above {@code sys}); {@code sched} (points, scheduler, delays: used by {@code mm} and above);
 * {@code mm}; {@code env}; {@code fs}; {@code check}; the jobs {@code stress}, {@code bench}, {@code truth},
 * {@code explore} (which do not import one another); {@code history} (which replays bugs by exploration); {@code report};
 * {@code cli}, the entry point,
 * the only importer of {@code report}. No exceptions.
 */
class LayeringTest {
    static final Map<String, Integer> FLOOR = Map.ofEntries(
            Map.entry("sys", 0), Map.entry("results", 1), Map.entry("sched", 2), Map.entry("mm", 3),
            Map.entry("env", 4), Map.entry("fs", 5), Map.entry("check", 6), Map.entry("stress", 7),
            Map.entry("bench", 7), Map.entry("truth", 7), Map.entry("explore", 7), Map.entry("history", 8),
            Map.entry("report", 9), Map.entry("cli", 10));

    private static final Path ROOT = Path.of("src/main/java/org/pagerace");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?org\\.pagerace\\.(\\w+)\\.",
            Pattern.MULTILINE);

    private static List<Path> sources() throws IOException {
        try (Stream<Path> s = Files.walk(ROOT)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        }
    }

    private static String packageOf(Path source) {
        return ROOT.relativize(source).getName(0).toString();
    }

    @Test
    void everyPackageHasAFloor() throws IOException {
        List<String> unknown = sources().stream().map(LayeringTest::packageOf).distinct()
                .filter(p -> !FLOOR.containsKey(p)).collect(Collectors.toList());
        assertEquals(List.of(), unknown, "packages missing from the layering (README.md and this test)");
    }

    @Test
    void noPackageImportsOneOnItsFloorOrAbove() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path source : sources()) {
            String from = packageOf(source);
            Matcher m = IMPORT.matcher(Files.readString(source));
            while (m.find()) {
                String to = m.group(1);
                if (!to.equals(from) && FLOOR.getOrDefault(to, Integer.MAX_VALUE) >= FLOOR.getOrDefault(from, -1)) {
                    violations.add(ROOT.relativize(source) + " imports " + to);
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void everyPackageSaysWhatItIsAndWhatItMayUse() throws IOException {
        List<String> missing = sources().stream().map(LayeringTest::packageOf).distinct()
                .filter(p -> !Files.isRegularFile(ROOT.resolve(p).resolve("package-info.java")))
                .sorted().collect(Collectors.toList());
        assertEquals(List.of(), missing, "packages without package-info.java");
    }
}

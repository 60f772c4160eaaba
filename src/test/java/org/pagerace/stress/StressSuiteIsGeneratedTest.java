package org.pagerace.stress;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed JCStress suite is exactly what {@link StressSuiteTemplate} generates: nobody edits a generated
 * test by hand, and a new convention, race or expectation reaches the suite by regeneration
 * ({@code -Dpagerace.regenerate=true}).
 */
class StressSuiteIsGeneratedTest {
    private static final Path DIR = Path.of("src/jcstress/java/org/pagerace/stress/generated");

    @Test
    void committedSuiteMatchesTheTemplate() throws IOException {
        Map<String, String> expected = StressSuiteTemplate.render();
        if (Boolean.getBoolean("pagerace.regenerate")) {
            Files.createDirectories(DIR);
            try (Stream<Path> old = Files.list(DIR)) {
                for (Path p : old.collect(Collectors.toList())) {
                    Files.delete(p);
                }
            }
            for (Map.Entry<String, String> e : expected.entrySet()) {
                Files.writeString(DIR.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
            }
        }
        Set<String> committed;
        try (Stream<Path> s = Files.list(DIR)) {
            committed = s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        assertEquals(expected.keySet(), committed, "one generated file per convention, no others");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertEquals(e.getValue(), Files.readString(DIR.resolve(e.getKey()), StandardCharsets.UTF_8),
                    e.getKey() + " differs from the template: regenerate with -Dpagerace.regenerate=true");
        }
    }
}

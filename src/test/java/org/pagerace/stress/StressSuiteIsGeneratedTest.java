package org.pagerace.stress;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The committed JCStress suite is exactly what {@link StressSuiteTemplate} generates: nobody edits the slots by hand
 * ({@code -Dpagerace.regenerate=true} rewrites them).
 */
class StressSuiteIsGeneratedTest {
    private static final Path FILE = Path.of("src/jcstress/java/org/pagerace/stress", StressSuiteTemplate.FILE);

    @Test
    void committedSuiteMatchesTheTemplate() throws IOException {
        String expected = StressSuiteTemplate.render();
        if (Boolean.getBoolean("pagerace.regenerate")) {
            Files.writeString(FILE, expected, StandardCharsets.UTF_8);
        }
        assertEquals(expected, Files.readString(FILE, StandardCharsets.UTF_8),
                FILE + " differs from the template: regenerate with -Dpagerace.regenerate=true");
    }
}

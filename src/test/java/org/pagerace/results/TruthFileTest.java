package org.pagerace.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** truth.json's record reads the older versions the report still compares. */
class TruthFileTest {
    @Test
    void aVersionOneFilesRowsTakeItsKernel() {
        TruthFile v1 = TruthFile.read(Path.of("src/test/resources/fixtures/truth-explore/truth.json"));
        assertTrue(v1.results().size() > 1);
        assertTrue(v1.results().stream().allMatch(r -> r.kernel().equals("6.18.44-fc-v657")));
        assertEquals(null, v1.guests(), "v1 had no guests");
    }
}

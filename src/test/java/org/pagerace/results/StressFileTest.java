package org.pagerace.results;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stress.json record reads a real run's file and writes it back field for field. */
class StressFileTest {
    @TempDir
    Path tmp;

    @Test
    void aRealRunRoundTripsUnchanged() throws Exception {
        Path baseline = Path.of(getClass().getResource("/fixtures/run-a/stress.json").toURI());
        StressFile read = Json.read(baseline, StressFile.SCHEMA, StressFile.class);
        assertFalse(read.tests().isEmpty());
        Path copy = tmp.resolve("stress.json");
        Json.write(copy, read);
        JsonNode before = Json.MAPPER.readTree(baseline.toFile());
        JsonNode after = Json.MAPPER.readTree(copy.toFile());
        assertEquals(before.toString(), after.toString(), "same fields, values and order");
    }
}

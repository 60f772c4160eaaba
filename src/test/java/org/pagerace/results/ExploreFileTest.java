package org.pagerace.results;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The explore.json record holds every field explore writes: a real file reads and writes back unchanged. */
class ExploreFileTest {
    @Test
    void aRealExploreJsonRoundTrips() throws Exception {
        Path file = fixture("/fixtures/truth-explore/explore.json");
        ExploreFile read = Json.read(file, ExploreFile.SCHEMA, ExploreFile.class);
        assertFalse(read.tests().isEmpty());
        JsonNode original = Json.MAPPER.readTree(file.toFile());
        assertEquals(original.toString(), Json.tree(read).toString(), "same fields, values and order");
    }

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(ExploreFileTest.class.getResource(name).toURI());
    }
}

package org.pagerace.report;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/** Checks on JSON files the report writes. */
final class JsonFields {
    private JsonFields() {
    }

    /** Reads {@code file} as a {@code schema} v{@code version} document (as any reader would) and returns it. */
    static JsonNode check(Path file, String schema, int version) {
        JsonNode n = Json.read(file, schema, version);
        assertNotNull(n);
        return n;
    }
}

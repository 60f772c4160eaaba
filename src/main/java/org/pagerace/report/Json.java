package org.pagerace.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * JSON for results files: one shared mapper, and the rule that every file starts with {@code "schema"} (a name)
 * and {@code "schema_version"} (an integer), documented in {@code results/README.md}.
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /** A new object carrying {@code schema} and {@code version}. */
    public static ObjectNode document(String schema, int version) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("schema", schema);
        node.put("schema_version", version);
        return node;
    }

    /**
     * Reads {@code file}, checking that it is a {@code schema} document of version {@code version}; throws
     * {@link BadInputException} naming the file and the schema expected otherwise.
     */
    public static JsonNode read(Path file, String schema, int version) {
        JsonNode node;
        try {
            node = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new BadInputException(file + ": not readable as JSON (expected schema " + schema + " v" + version
                    + "): " + e.getMessage().split("\n")[0]);
        }
        if (node == null || !schema.equals(node.path("schema").asText())
                || node.path("schema_version").asInt(-1) != version) {
            throw new BadInputException(file + ": expected schema " + schema + " v" + version + ", found "
                    + (node == null ? "nothing" : node.path("schema").asText("none") + " v"
                    + node.path("schema_version").asText("?")));
        }
        return node;
    }

    /** Writes {@code node} to {@code file} through a temporary name and a rename, so no reader sees half a file. */
    public static void write(Path file, JsonNode node) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            MAPPER.writeValue(tmp.toFile(), node);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}

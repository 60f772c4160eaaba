package org.pagerace.results;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * JSON for results files: one shared mapper, strict on reading (a count must be a JSON integer within range: no
 * strings, no floats such as {@code 1e26}, no arrays, no nulls), and the rule that every file starts with
 * {@code "schema"} and {@code "schema_version"} ({@link Schema}), documented in {@code results/README.md}.
 */
public final class Json {
    public static final ObjectMapper MAPPER = strict(JsonMapper.builder()
            .addModule(unknownNumbersAsNull())
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build());

    private Json() {
    }

    /**
     * A number that is not finite (an unknown rate, an error JMH could not compute) is written as null, and a null
     * where a {@code double} is expected reads as NaN; a string or anything else that is not a number is refused.
     */
    private static SimpleModule unknownNumbersAsNull() {
        SimpleModule m = new SimpleModule("unknown numbers as null");
        JsonSerializer<Double> writer = new StdSerializer<>(Double.class) {
            @Override
            public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
                if (v == null || !Double.isFinite(v)) {
                    g.writeNull();
                } else {
                    g.writeNumber(v);
                }
            }
        };
        m.addSerializer(Double.class, writer);
        m.addSerializer(double.class, writer);
        m.addDeserializer(double.class, new StdDeserializer<Double>(double.class) {
            @Override
            public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (p.currentToken() == JsonToken.VALUE_NUMBER_INT || p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
                    return p.getDoubleValue();
                }
                return (Double) ctxt.handleUnexpectedToken(double.class, p);
            }

            @Override
            public Double getNullValue(DeserializationContext ctxt) {
                return Double.NaN;
            }
        });
        return m;
    }

    private static ObjectMapper strict(ObjectMapper m) {
        m.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        return m;
    }

    /** {@code doc} as a tree: its schema fields first, then its own. */
    public static ObjectNode tree(ResultsDocument doc) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("schema", doc.schema().name());
        node.put("schema_version", doc.schema().version());
        node.setAll((ObjectNode) MAPPER.valueToTree(doc));
        return node;
    }

    /** Writes {@code doc} to {@code file} atomically ({@link AtomicFiles}). */
    public static void write(Path file, ResultsDocument doc) {
        AtomicFiles.write(file, out -> MAPPER.writeValue(out, tree(doc)));
    }

    /**
     * Reads {@code file} as a {@code schema} document into {@code type}. Throws {@link BadInputException} with one
     * line naming the file, and the field where a field is wrong, if it is not JSON, not of that schema and version,
     * or a field has the wrong type or an impossible value.
     */
    public static <T> T read(Path file, Schema schema, Class<T> type) {
        ObjectNode node = read(file, schema);
        node.remove("schema");
        node.remove("schema_version");
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonMappingException e) {
            throw new BadInputException(file + ": " + field(e) + problem(e) + " (expected schema " + schema + ")", e);
        } catch (JacksonException e) {
            throw new BadInputException(file + ": " + firstLine(e.getOriginalMessage()) + " (expected schema " + schema
                    + ")", e);
        }
    }

    /**
     * Reads {@code file} as a document of the first of {@code schemas} (versions of one schema name) whose version
     * it carries, into {@code type}; refused as {@link #read(Path, Schema, Class)} refuses when it carries none.
     */
    public static <T> T read(Path file, Class<T> type, Schema... schemas) {
        ObjectNode probe;
        try {
            JsonNode node = Files.isRegularFile(file) ? MAPPER.readTree(file.toFile()) : null;
            probe = node instanceof ObjectNode o ? o : null;
        } catch (IOException e) {
            probe = null;
        }
        for (Schema s : schemas) {
            if (probe != null && s.name().equals(probe.path("schema").asText())
                    && probe.path("schema_version").isInt() && probe.path("schema_version").asInt() == s.version()) {
                return read(file, s, type);
            }
        }
        return read(file, schemas[0], type);
    }

    /** Reads {@code file} as a tree, checking that it is a {@code schema} document. */
    public static ObjectNode read(Path file, Schema schema) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such file (expected schema " + schema + ")");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new BadInputException(file + ": not readable as JSON (expected schema " + schema + "): "
                    + firstLine(e.getMessage()), e);
        }
        if (node == null || !node.isObject() || !schema.name().equals(node.path("schema").asText())
                || !node.path("schema_version").isInt() || node.path("schema_version").asInt() != schema.version()) {
            throw new BadInputException(file + ": expected schema " + schema + ", found "
                    + (node == null ? "nothing" : node.path("schema").asText("none") + " v"
                    + node.path("schema_version").asText("?")));
        }
        return (ObjectNode) node;
    }

    /** {@code field tests[3].outcomes.CORRECT: }, or nothing if the error is about the whole document. */
    private static String field(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining());
        return path.isEmpty() ? "" : "field " + (path.startsWith(".") ? path.substring(1) : path) + ": ";
    }

    private static String problem(JsonMappingException e) {
        if (e instanceof ValueInstantiationException && e.getCause() != null) {
            return firstLine(e.getCause().getMessage());
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            String found = firstLine(e.getOriginalMessage());
            int from = found.indexOf(" from ");
            return "expected " + describe(m.getTargetType()) + (from < 0 ? "" : ", found" + found.substring(from + 5)
                    .replaceFirst(":.*", ""));
        }
        return firstLine(e.getOriginalMessage());
    }

    private static String describe(Class<?> type) {
        if (type == long.class || type == Long.class || type == int.class || type == Integer.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        return "a " + type.getSimpleName();
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.split("\n")[0];
    }
}

package org.pagerace.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@code stress.json} (schema {@code pagerace-stress} v2, see {@code results/README.md}), read for a report. */
public record StressFile(Path file, String mode, String era, boolean delayInjection, double wallSeconds,
        Map<TestKey, StressEntry> tests) {
    public static final String NAME = "stress.json";
    public static final String SCHEMA = "pagerace-stress";
    public static final int VERSION = 2;

    public StressFile {
        tests = Collections.unmodifiableMap(new LinkedHashMap<>(tests));
    }

    /** Reads {@code file}; throws {@link BadInputException} naming the file if it is not a stress.json v2. */
    public static StressFile read(Path file) {
        JsonNode doc = Json.read(file, SCHEMA, VERSION);
        JsonNode list = doc.path("tests");
        if (!list.isArray()) {
            throw new BadInputException(file + ": no \"tests\" list (expected schema " + SCHEMA + " v" + VERSION + ")");
        }
        Map<TestKey, StressEntry> tests = new LinkedHashMap<>();
        for (JsonNode t : list) {
            TestKey key = new TestKey(text(file, t, "model"), text(file, t, "race"), text(file, t, "backing"),
                    t.path("era").asText(doc.path("era").asText("modern")));
            Map<String, Long> outcomes = new LinkedHashMap<>();
            t.path("outcomes").fields().forEachRemaining(e -> outcomes.put(e.getKey(), e.getValue().asLong()));
            Map<String, Double> ttfd = new LinkedHashMap<>();
            t.path("expected_seconds_to_first_detection").fields()
                    .forEachRemaining(e -> ttfd.put(e.getKey(), number(e.getValue())));
            tests.put(key, new StressEntry(key, t.path("samples").asLong(), outcomes, strings(t.path("bugs_seen")),
                    strings(t.path("bugs_missed")), text(file, t, "status"), number(t.path("samples_per_second")),
                    ttfd, strings(t.path("messages")), strings(t.path("expected_bugs"))));
        }
        return new StressFile(file, doc.path("mode").asText("?"), doc.path("era").asText("modern"),
                doc.path("delay_injection").asBoolean(), number(doc.path("wall_seconds")), tests);
    }

    private static String text(Path file, JsonNode t, String field) {
        JsonNode v = t.get(field);
        if (v == null || !v.isTextual()) {
            throw new BadInputException(file + ": a test without \"" + field + "\" (expected schema " + SCHEMA + " v"
                    + VERSION + ")");
        }
        return v.asText();
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static double number(JsonNode n) {
        return n != null && n.isNumber() ? n.asDouble() : Double.NaN;
    }
}

package org.pagerace.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pagerace.results.BadInputException;
import org.pagerace.results.Json;

/**
 * A {@code truth.json} (schema {@code pagerace-truth} v1): per (filesystem, race), the real kernel's outcome counts
 * beside the outcomes of the emulated convention that models that filesystem, and the mismatches between the two.
 */
public record TruthFile(Path file, String host, String kernel, List<Row> rows, List<String> failures) {
    public static final String NAME = "truth.json";
    public static final String SCHEMA = "pagerace-truth";
    public static final int VERSION = 1;

    /**
     * One real race on one filesystem, with its emulated counterpart (convention null if there is none; proxy when
     * the convention only approximates the filesystem); {@code emulatedAsReal} is the emulated outcomes mapped to
     * the real ids where the file gives it, else the emulated outcomes themselves.
     */
    public record Row(String fsType, String fsDir, String race, long iterations, Map<String, Long> outcomes,
            double iterationsPerSecond, double delayNs, String convention, boolean proxy, String emulatedStatus,
            Map<String, Long> emulatedAsReal, List<Mismatch> mismatches) {
    }

    /** An outcome seen on one side only: what, and the file's interpretation ("" if none). */
    public record Mismatch(String summary, String interpretation) {
    }

    public TruthFile {
        rows = List.copyOf(rows);
        failures = List.copyOf(failures);
    }

    public static TruthFile read(Path file) {
        JsonNode doc = Json.read(file, SCHEMA, VERSION);
        if (!doc.path("results").isArray()) {
            throw new BadInputException(file + ": no \"results\" list (expected schema " + SCHEMA + " v" + VERSION + ")");
        }
        List<Row> rows = new ArrayList<>();
        for (JsonNode r : doc.path("results")) {
            JsonNode em = r.path("emulated");
            List<Mismatch> mismatches = new ArrayList<>();
            for (JsonNode m : r.path("mismatches")) {
                mismatches.add(m.isTextual() ? new Mismatch(m.asText(), "") : mismatch(m));
            }
            rows.add(new Row(r.path("fs_type").asText("?"), r.path("fs_dir").asText(""), r.path("race").asText("?"),
                    r.path("iterations").asLong(), counts(r.path("outcomes")),
                    Json.number(r.path("iterations_per_second")), Json.number(r.path("delay_ns")),
                    em.path("convention").isTextual() ? em.get("convention").asText() : null,
                    em.path("proxy").asBoolean(false), em.path("status").asText(""),
                    counts(em.has("as_real") ? em.path("as_real") : em.path("outcomes")), mismatches));
        }
        List<String> failures = new ArrayList<>();
        for (JsonNode f : doc.path("failures")) {
            failures.add(f.isTextual() ? f.asText()
                    : f.path("fs_type").asText("?") + " " + f.path("race").asText("?") + ": " + f.path("error").asText());
        }
        return new TruthFile(file, doc.path("host").asText(""), doc.path("kernel").asText(""), rows, failures);
    }

    static Map<String, Long> counts(JsonNode n) {
        Map<String, Long> m = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asLong()));
        return m;
    }

    private static Mismatch mismatch(JsonNode m) {
        StringBuilder sb = new StringBuilder(m.path("outcome").asText("?"));
        if (m.has("side")) {
            sb.append(" (").append(m.get("side").asText());
            if (m.has("real_count") && m.has("emulated_count")) {
                sb.append(": real ").append(m.get("real_count").asLong()).append('/')
                        .append(m.path("real_iterations").asLong()).append(", emulated ")
                        .append(m.get("emulated_count").asLong()).append('/').append(m.path("emulated_samples").asLong());
            }
            sb.append(')');
        }
        return new Mismatch(sb.toString(), m.path("interpretation").asText(""));
    }
}

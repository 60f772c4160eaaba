package org.pagerace.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pagerace.results.BadInputException;
import org.pagerace.results.Json;
import org.pagerace.truth.TruthResult;

/**
 * A {@code truth.json} (schema {@code pagerace-truth} v3 or v2, or v1 whose rows all ran on the file's one kernel): per
 * (kernel, filesystem, race), the real outcome counts beside the outcomes of the model of that filesystem at that
 * kernel's version, and the mismatches between the two; and the QEMU boots the rows came from.
 */
public record TruthFile(Path file, String host, String kernel, List<Row> rows, List<String> failures,
        List<String> guests) {
    public static final String NAME = "truth.json";
    public static final String SCHEMA = "pagerace-truth";
    public static final int VERSION = 3;

    /**
     * One real race on one filesystem, with its emulated counterpart (convention null if there is none; proxy when
     * the convention only approximates the filesystem); {@code emulatedAsReal} is the emulated outcomes mapped to
     * the real ids where the file gives it, else the emulated outcomes themselves.
     */
    public record Row(String kernel, String fsType, String fsLabel, String fsDir, String race, String model, long iterations, Map<String, Long> outcomes,
            double iterationsPerSecond, double delayNs, String convention, boolean proxy, String emulatedStatus,
            Map<String, Long> emulatedAsReal, List<Mismatch> mismatches) {
    }

    /** An outcome seen on one side only: what, and the file's interpretation ("" if none). */
    public record Mismatch(String summary, String interpretation) {
    }

    public TruthFile {
        rows = List.copyOf(rows);
        failures = List.copyOf(failures);
        guests = List.copyOf(guests);
    }

    public static TruthFile read(Path file) {
        JsonNode doc = null;
        BadInputException newest = null;
        for (int v = VERSION; v >= 1 && doc == null; v--) {
            try {
                doc = Json.read(file, SCHEMA, v);
            } catch (BadInputException e) {
                newest = newest == null ? e : newest;
            }
        }
        if (doc == null) {
            throw newest;
        }
        if (!doc.path("results").isArray()) {
            throw new BadInputException(file + ": no \"results\" list (expected schema " + SCHEMA + " v" + VERSION + ")");
        }
        String docKernel = doc.path("kernel").asText("");
        List<Row> rows = new ArrayList<>();
        for (JsonNode r : doc.path("results")) {
            JsonNode em = r.path("emulated");
            List<Mismatch> mismatches = new ArrayList<>();
            for (JsonNode m : r.path("mismatches")) {
                mismatches.add(m.isTextual() ? new Mismatch(m.asText(), "") : mismatch(m));
            }
            String fsType = r.path("fs_type").asText("?");
            rows.add(new Row(r.path("kernel").asText(docKernel), fsType,
                    TruthResult.label(fsType, r.path("fs_mount").asText(""), r.path("block_size").asInt(0)),
                    r.path("fs_dir").asText(""), r.path("race").asText("?"),
                    em.path("model").isTextual() ? em.get("model").asText() : null,
                    r.path("iterations").asLong(), counts(r.path("outcomes")),
                    Json.number(r.path("iterations_per_second")), Json.number(r.path("delay_ns")),
                    em.path("convention").isTextual() ? em.get("convention").asText() : null,
                    em.path("proxy").asBoolean(false), em.path("status").asText(""),
                    counts(em.has("as_real") ? em.path("as_real") : em.path("outcomes")), mismatches));
        }
        List<String> failures = new ArrayList<>();
        for (JsonNode f : doc.path("failures")) {
            failures.add(f.isTextual() ? f.asText()
                    : (f.has("kernel") ? f.get("kernel").asText() + " " : "") + f.path("fs_type").asText("?") + " "
                    + f.path("race").asText("?") + ": " + f.path("error").asText());
        }
        List<String> guests = new ArrayList<>();
        for (JsonNode g : doc.path("guests")) {
            guests.add(String.format(java.util.Locale.ROOT, "%s (%s, %s): boot %.1f s, racing %.1f s, wall %.1f s, "
                    + "%d rows", g.path("kernel").asText("?"), g.path("source").asText("?"), g.path("accel").asText("?"),
                    g.path("boot_seconds").asDouble(), g.path("racing_seconds").asDouble(),
                    g.path("wall_seconds").asDouble(), g.path("rows").asInt()));
        }
        return new TruthFile(file, doc.path("host").asText(""), docKernel, rows, failures, guests);
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

package org.pagerace.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code bench.json}: JMH's own JSON output ({@code -rf json}), a list of results with no schema field of ours.
 * A file that is not such a list (or whose entries lack {@code benchmark} and {@code primaryMetric.score}) is
 * refused, naming the file and the format expected.
 */
public record JmhFile(Path file, List<JmhScore> scores) {
    public static final String NAME = "bench.json";
    static final String FORMAT = "JMH JSON output (-rf json: a list of {benchmark, mode, params, primaryMetric})";

    public JmhFile {
        scores = List.copyOf(scores);
    }

    public static JmhFile read(Path file) {
        JsonNode doc;
        try {
            doc = Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new BadInputException(file + ": not readable as JSON (expected " + FORMAT + "): "
                    + e.getMessage().split("\n")[0]);
        }
        if (doc == null || !doc.isArray()) {
            throw new BadInputException(file + ": expected " + FORMAT + ", found "
                    + (doc == null ? "nothing" : doc.has("schema") ? "schema " + doc.path("schema").asText() : "a " + doc.getNodeType()));
        }
        List<JmhScore> scores = new ArrayList<>();
        for (JsonNode r : doc) {
            JsonNode pm = r.path("primaryMetric");
            if (!r.path("benchmark").isTextual() || !pm.path("score").isNumber()) {
                throw new BadInputException(file + ": an entry without benchmark or primaryMetric.score (expected "
                        + FORMAT + ")");
            }
            Map<String, String> params = new LinkedHashMap<>();
            r.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
            Map<String, Double> secondary = new LinkedHashMap<>();
            r.path("secondaryMetrics").fields().forEachRemaining(e -> secondary.put(e.getKey(),
                    number(e.getValue().path("score"))));
            scores.add(new JmhScore(r.get("benchmark").asText(), r.path("mode").asText("?"), params,
                    pm.get("score").asDouble(), number(pm.path("scoreError")), pm.path("scoreUnit").asText("?"),
                    secondary));
        }
        return new JmhFile(file, scores);
    }

    /** A number, or NaN for JMH's {@code "NaN"} string, null or anything else. */
    private static double number(JsonNode n) {
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isTextual()) {
            try {
                return Double.parseDouble(n.asText());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }
}

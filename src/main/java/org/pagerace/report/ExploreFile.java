package org.pagerace.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code explore.json} (schema {@code pagerace-explore} v2): per (convention, race, era) how many interleavings
 * of the named points were explored up to a bound and whether that was all of them, the outcomes reached, and a
 * replayable trace of each bug; plus findings and blind spots (stress and exploration disagreeing).
 */
public record ExploreFile(Path file, List<Test> tests, List<String> findings, List<String> blindSpots) {
    public static final String NAME = "explore.json";
    public static final String SCHEMA = "pagerace-explore";
    public static final int VERSION = 2;

    /** One explored test; {@code outcomes} maps an outcome id to its count (-1 where only the id is given). */
    public record Test(String model, String race, String era, String bound, long interleavings,
            boolean complete, Map<String, Long> outcomes, String statement, List<Bug> bugs) {
    }

    /**
     * A bug reached, with the schedule that replays it; {@code steps} as the file gives them (a count or a list);
     * {@code png} a picture of the trace, relative to the run folder ("" if none).
     */
    public record Bug(String outcome, String schedule, String steps, String timeline, String command, String png) {
    }

    public ExploreFile {
        tests = List.copyOf(tests);
        findings = List.copyOf(findings);
        blindSpots = List.copyOf(blindSpots);
    }

    public static ExploreFile read(Path file) {
        JsonNode doc = Json.read(file, SCHEMA, VERSION);
        if (!doc.path("tests").isArray()) {
            throw new BadInputException(file + ": no \"tests\" list (expected schema " + SCHEMA + " v" + VERSION + ")");
        }
        List<Test> tests = new ArrayList<>();
        for (JsonNode t : doc.path("tests")) {
            Map<String, Long> outcomes = new LinkedHashMap<>();
            JsonNode o = t.path("outcomes");
            if (o.isArray()) {
                o.forEach(n -> outcomes.put(n.asText(), -1L));
            } else {
                o.fields().forEachRemaining(e -> outcomes.put(e.getKey(), e.getValue().asLong()));
            }
            List<Bug> bugs = new ArrayList<>();
            for (JsonNode b : t.path("bugs")) {
                JsonNode steps = b.path("steps");
                String stepsText = steps.isArray() ? joinLines(steps) : steps.asText("");
                bugs.add(new Bug(b.path("outcome").asText("?"), b.path("schedule").asText(""), stepsText,
                        b.path("timeline").asText(""), b.path("command").asText(""), b.path("png").asText("")));
            }
            tests.add(new Test(t.path("model").asText("?"), t.path("race").asText("?"),
                    t.path("era").asText("modern"), t.path("bound").asText("?"), t.path("interleavings").asLong(),
                    t.path("complete").asBoolean(), outcomes, t.path("statement").asText(""), bugs));
        }
        return new ExploreFile(file, tests, notes(doc.path("findings")), notes(doc.path("blind_spots")));
    }

    private static String joinLines(JsonNode steps) {
        StringBuilder sb = new StringBuilder();
        int i = 1;
        for (JsonNode s : steps) {
            sb.append(i++).append(". ").append(s.isTextual() ? s.asText() : s.toString()).append('\n');
        }
        return sb.toString();
    }

    /** Findings and blind spots: a string each, or an object with {@code meaning} and the test it is about. */
    private static List<String> notes(JsonNode list) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : list) {
            if (n.isTextual()) {
                out.add(n.asText());
                continue;
            }
            StringBuilder sb = new StringBuilder();
            for (String f : new String[] {"model", "race", "era", "backing"}) {
                if (n.has(f)) {
                    sb.append(sb.length() == 0 ? "(" : ", ").append(n.get(f).asText());
                }
            }
            if (sb.length() > 0) {
                sb.append(") ");
            }
            sb.append(n.has("meaning") ? n.get("meaning").asText() : n.toString());
            out.add(sb.toString());
        }
        return out;
    }
}

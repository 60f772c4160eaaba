package org.pagerace.truth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.pagerace.results.BadInputException;
import org.pagerace.results.Json;
import org.pagerace.results.TruthFile;

/**
 * What {@code pagerace-racer} wrote, line by line: a result per (directory, race), a {@link RaceFailure} where
 * the race could not run (an environment error, with its errno), and, in files written by
 * {@code scripts/truth --kernel}, one {@link TruthFile.Guest} per guest. Lines starting with {@code #} are comments.
 */
public final class RacerOutput {
    private final List<TruthResult> results = new ArrayList<>();
    private final List<RaceFailure> failures = new ArrayList<>();
    private final List<TruthFile.Guest> guests = new ArrayList<>();

    public List<TruthResult> results() {
        return List.copyOf(results);
    }

    public List<RaceFailure> failures() {
        return List.copyOf(failures);
    }

    public List<TruthFile.Guest> guests() {
        return List.copyOf(guests);
    }

    /** Adds everything {@code other} holds. */
    public void addAll(RacerOutput other) {
        results.addAll(other.results);
        failures.addAll(other.failures);
        guests.addAll(other.guests);
    }

    /** Reads every line of {@code file} (racer lines and guest lines); bad lines are a {@link BadInputException}. */
    public static RacerOutput read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new BadInputException("--import " + file + ": " + e.getMessage());
        }
        RacerOutput out = new RacerOutput();
        for (int i = 0; i < lines.size(); i++) {
            try {
                out.add(lines.get(i));
            } catch (BadInputException e) {
                throw new BadInputException(file + " line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** Adds one line; returns what it was (a result, a failure, a guest) or null for a comment or blank line. */
    public Object add(String line) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#")) {
            return null;
        }
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(l);
        } catch (JsonProcessingException e) {
            throw new BadInputException("not a JSON line: " + abbreviate(l));
        }
        if (n == null || !n.isObject()) {
            throw new BadInputException("not a JSON object: " + abbreviate(l));
        }
        if (n.has("guest")) {
            JsonNode j = n.get("guest");
            TruthFile.Guest g = new TruthFile.Guest(j.path("label").asText(""), j.path("kernel").asText(""),
                    j.path("package").asText(""), j.path("accel").asText(""), j.path("wall_seconds").asDouble(),
                    j.path("racing_seconds").asDouble(), j.path("boot_seconds").asDouble(), j.path("rows").asInt(),
                    j.path("racer_exit").asInt(-1));
            guests.add(g);
            return g;
        }
        TruthRace race = raceOf(n);
        if (n.has("error")) {
            RaceFailure f = new RaceFailure(text(n, "kernel"), text(n, "fs_type"), text(n, "fs_dir"), race,
                    text(n, "error"), n.path("errno").isTextual() ? n.get("errno").asText() : null,
                    n.path("harness_fault").asBoolean(false));
            failures.add(f);
            return f;
        }
        TruthResult r = result(n, race);
        results.add(r);
        return r;
    }

    private static TruthResult result(JsonNode n, TruthRace race) {
        if (!n.path("outcomes").isObject() || !n.path("iterations").canConvertToLong()) {
            throw new BadInputException("a racer line without outcomes or iterations: " + abbreviate(n.toString()));
        }
        Map<Phase, Map<RealOutcome, Long>> byPhase = new EnumMap<>(Phase.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = n.path("outcomes_by_phase").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            byPhase.put(Phase.byId(e.getKey()), outcomes(e.getValue()));
        }
        List<String> examples = new ArrayList<>();
        n.path("timing_anomaly_examples").forEach(x -> examples.add(x.asText()));
        return new TruthResult(text(n, "kernel"), text(n, "fs_type"), text(n, "fs_dir"), text(n, "fs_mount"), race,
                n.get("iterations").asLong(), outcomes(n.get("outcomes")), byPhase,
                n.path("timing_anomalies").asLong(), examples, n.path("seconds").asDouble(),
                n.path("delay_ns").asLong(), n.path("partner_op_median_ns").asLong(), n.path("pinned").asBoolean(),
                n.has("read_from_storage") ? n.get("read_from_storage").asLong() : -1,
                n.has("dropped_by_partner") ? n.get("dropped_by_partner").asLong() : -1,
                n.path("block_size").asInt(0));
    }

    private static Map<RealOutcome, Long> outcomes(JsonNode n) {
        Map<RealOutcome, Long> m = new EnumMap<>(RealOutcome.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            RealOutcome o;
            try {
                o = RealOutcome.valueOf(e.getKey());
            } catch (IllegalArgumentException x) {
                throw new BadInputException("unknown outcome '" + e.getKey() + "'");
            }
            m.put(o, e.getValue().asLong());
        }
        return m;
    }

    private static TruthRace raceOf(JsonNode n) {
        try {
            return TruthRace.byId(text(n, "race"));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new BadInputException("a racer line without \"" + field + "\": " + abbreviate(n.toString()));
        }
        return v.asText();
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}

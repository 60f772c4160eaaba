package org.pagerace.explore;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pagerace.report.BadInputException;
import org.pagerace.report.Json;

/**
 * Exploration against stress: reads the {@code stress.json} of a run folder (schema {@code pagerace-stress} v1;
 * each entry of {@code tests} has {@code model}, {@code race}, {@code backing}, {@code era} and
 * {@code outcomes}, an object of outcome id → count) and compares it with what exploration reaches for the same
 * (model, race, era):
 * <ul>
 *   <li>a <b>finding</b>: an outcome stress observed that no explored interleaving reaches: a race window without
 *       a named point (or one that needs more preemptions than the bound);</li>
 *   <li>a <b>blind spot</b>: a bug outcome exploration reaches that no stress test of that (model, race, era),
 *       on any backing, observed.</li>
 * </ul>
 */
public final class StressCrossCheck {
    public static final String SCHEMA = "pagerace-stress";
    public static final int VERSION = 2;
    public static final String FILE = "stress.json";

    /** One entry of {@code stress.json}'s {@code tests}. */
    public record StressTest(String model, String race, String backing, String era, Map<String, Long> outcomes) {
        /** The (model, race, era) this test ran. */
        public String key() {
            return key(model, race, era);
        }

        static String key(String model, String race, String era) {
            return model + "|" + race + "|" + era;
        }
    }

    /** An outcome stress observed that exploration does not reach. */
    public record Finding(String model, String race, String era, String backing, String outcome, long count,
            int bound) {
    }

    /** A bug outcome exploration reaches that stress never observed, with the shortest schedule that reaches it. */
    public record BlindSpot(String model, String race, String era, String outcome, List<String> backings,
            long samples, String schedule) {
    }

    /** The comparison: findings, blind spots, and stress tests exploration did not cover. */
    public record Result(Path stressFile, int stressTests, List<Finding> findings, List<BlindSpot> blindSpots,
            List<StressTest> unmatched) {
    }

    private StressCrossCheck() {
    }

    /**
     * The tests of {@code runDir}/stress.json. Throws {@link BadInputException} if the folder or file is missing, is
     * not a {@code pagerace-stress} v1 document, or an entry lacks a field.
     */
    public static List<StressTest> read(Path runDir) {
        Path file = runDir.resolve(FILE);
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new BadInputException("--cross-check " + runDir + ": no " + FILE + " there");
        }
        JsonNode doc = Json.read(file, SCHEMA, VERSION);
        JsonNode tests = doc.path("tests");
        if (!tests.isArray()) {
            throw new BadInputException(file + ": no \"tests\" array");
        }
        List<StressTest> list = new ArrayList<>();
        int i = 0;
        for (JsonNode t : tests) {
            String where = file + ": tests[" + i++ + "]";
            Map<String, Long> outcomes = new LinkedHashMap<>();
            JsonNode o = t.path("outcomes");
            if (!o.isObject()) {
                throw new BadInputException(where + ": no \"outcomes\" object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().canConvertToLong()) {
                    throw new BadInputException(where + ": outcome " + e.getKey() + " has no integer count");
                }
                outcomes.put(e.getKey(), e.getValue().asLong());
            }
            list.add(new StressTest(text(t, "model", where), text(t, "race", where), text(t, "backing", where),
                    text(t, "era", where), outcomes));
        }
        return list;
    }

    private static String text(JsonNode t, String field, String where) {
        JsonNode v = t.get(field);
        if (v == null || !v.isTextual()) {
            throw new BadInputException(where + ": no \"" + field + "\" string");
        }
        return v.asText();
    }

    /** Compares {@code stress} (read from {@code stressFile}) with {@code explored}. */
    public static Result compare(Path stressFile, List<StressTest> stress, List<Exploration> explored) {
        Map<String, Exploration> byKey = new LinkedHashMap<>();
        for (Exploration x : explored) {
            byKey.put(StressTest.key(x.model().id(), x.race().id(), x.era().id()), x);
        }
        List<Finding> findings = new ArrayList<>();
        List<StressTest> unmatched = new ArrayList<>();
        Map<String, List<StressTest>> stressByKey = new LinkedHashMap<>();
        for (StressTest t : stress) {
            Exploration x = byKey.get(t.key());
            if (x == null) {
                unmatched.add(t);
                continue;
            }
            stressByKey.computeIfAbsent(t.key(), k -> new ArrayList<>()).add(t);
            for (Map.Entry<String, Long> e : t.outcomes().entrySet()) {
                if (e.getValue() > 0 && !x.outcomes().containsKey(e.getKey())) {
                    findings.add(new Finding(t.model(), t.race(), t.era(), t.backing(), e.getKey(), e.getValue(),
                            x.bound()));
                }
            }
        }
        List<BlindSpot> blindSpots = new ArrayList<>();
        for (Map.Entry<String, List<StressTest>> e : stressByKey.entrySet()) {
            Exploration x = byKey.get(e.getKey());
            List<String> backings = new ArrayList<>();
            long samples = 0;
            for (StressTest t : e.getValue()) {
                backings.add(t.backing());
                for (long n : t.outcomes().values()) {
                    samples += n;
                }
            }
            for (Trace bug : x.bugs()) {
                boolean seen = false;
                for (StressTest t : e.getValue()) {
                    seen |= t.outcomes().getOrDefault(bug.outcome(), 0L) > 0;
                }
                if (!seen) {
                    blindSpots.add(new BlindSpot(x.model().id(), x.race().id(), x.era().id(), bug.outcome(),
                            backings, samples, bug.schedule()));
                }
            }
        }
        return new Result(stressFile, stress.size(), findings, blindSpots, unmatched);
    }
}

package org.pagerace.explore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pagerace.results.BadInputException;
import org.pagerace.results.ExploreFile;
import org.pagerace.results.ExploreFile.BlindSpot;
import org.pagerace.results.ExploreFile.Finding;
import org.pagerace.results.StressFile;

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
    /** The comparison: findings, blind spots, and stress tests exploration did not cover. */
    public record Result(Path stressFile, int stressTests, List<Finding> findings, List<BlindSpot> blindSpots,
            List<StressFile.Test> unmatched) {
        /** The {@code cross_check} entry of {@code explore.json}. */
        public ExploreFile.CrossCheck entry() {
            List<Map<String, String>> tests = new ArrayList<>();
            for (StressFile.Test t : unmatched) {
                Map<String, String> test = new LinkedHashMap<>();
                test.put("convention", t.model());
                test.put("race", t.race());
                test.put("era", t.era());
                test.put("backing", t.backing());
                tests.add(test);
            }
            return new ExploreFile.CrossCheck(stressFile.toString(), stressTests, tests);
        }
    }

    private StressCrossCheck() {
    }

    /**
     * The tests of {@code runDir}/stress.json. Throws {@link BadInputException} if the folder or file is missing or
     * is not a valid {@link StressFile}.
     */
    public static List<StressFile.Test> read(Path runDir) {
        Path file = runDir.resolve(StressFile.SCHEMA.fileName());
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new BadInputException("--cross-check " + runDir + ": no " + file.getFileName() + " there");
        }
        return StressFile.read(file).tests();
    }

    /** The (model, race, era) a stress test ran, as one key. */
    public static String key(StressFile.Test t) {
        return key(t.model(), t.race(), t.era());
    }

    private static String key(String model, String race, String era) {
        return model + "|" + race + "|" + era;
    }

    /** Compares {@code stress} (read from {@code stressFile}) with {@code explored}. */
    public static Result compare(Path stressFile, List<StressFile.Test> stress, List<Exploration> explored) {
        Map<String, Exploration> byKey = new LinkedHashMap<>();
        for (Exploration x : explored) {
            byKey.put(key(x.model().id(), x.race().id(), x.era().id()), x);
        }
        List<Finding> findings = new ArrayList<>();
        List<StressFile.Test> unmatched = new ArrayList<>();
        Map<String, List<StressFile.Test>> stressByKey = new LinkedHashMap<>();
        for (StressFile.Test t : stress) {
            Exploration x = byKey.get(key(t));
            if (x == null) {
                unmatched.add(t);
                continue;
            }
            stressByKey.computeIfAbsent(key(t), k -> new ArrayList<>()).add(t);
            for (Map.Entry<String, Long> e : t.outcomes().entrySet()) {
                if (e.getValue() > 0 && !x.outcomes().containsKey(e.getKey())) {
                    findings.add(Finding.of(t.model(), t.race(), t.era(), t.backing(), e.getKey(), e.getValue(),
                            x.bound()));
                }
            }
        }
        List<BlindSpot> blindSpots = new ArrayList<>();
        for (Map.Entry<String, List<StressFile.Test>> e : stressByKey.entrySet()) {
            Exploration x = byKey.get(e.getKey());
            List<String> backings = new ArrayList<>();
            long samples = 0;
            for (StressFile.Test t : e.getValue()) {
                backings.add(t.backing());
                for (long n : t.outcomes().values()) {
                    samples += n;
                }
            }
            for (Trace bug : x.bugs()) {
                boolean seen = false;
                for (StressFile.Test t : e.getValue()) {
                    seen |= t.outcomes().getOrDefault(bug.outcome(), 0L) > 0;
                }
                if (!seen) {
                    blindSpots.add(BlindSpot.of(x.model().id(), x.race().id(), x.era().id(), bug.outcome(),
                            samples, bug.schedule(), backings));
                }
            }
        }
        return new Result(stressFile, stress.size(), findings, blindSpots, unmatched);
    }
}

package org.pagerace.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code explore.json}: per (model, race, era) the interleavings of the named points explored up to a bound,
 * whether that was all of them, the outcomes reached, and a replayable trace of each bug; after a cross-check, the
 * findings and blind spots (see {@code results/README.md}). Written by {@code explore}, read by the report.
 * {@code findings} and {@code blindSpots} are null, and not written, when there was no cross-check.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExploreFile(int bound, String backing, @JsonProperty("spin_reduction") boolean spinReduction,
        @JsonProperty("step_cap") Integer stepCap, Integer fairness, long interleavings, double seconds,
        @JsonProperty("interleavings_per_s") long interleavingsPerSecond,
        @JsonProperty("check_seconds") Double checkSeconds, @JsonProperty("total_seconds") Double totalSeconds,
        List<Test> tests, @JsonProperty("cross_check") CrossCheck crossCheck, List<Finding> findings,
        @JsonProperty("blind_spots") List<BlindSpot> blindSpots) implements ResultsDocument {
    public static final Schema SCHEMA = new Schema("pagerace-explore", 2, "explore.json");

    public ExploreFile {
        nonNegative(interleavings, "interleavings");
        tests = listOf(tests);
        findings = crossCheck == null ? null : listOf(findings);
        blindSpots = crossCheck == null ? null : listOf(blindSpots);
    }

    /** One explored (model, race, era); {@code outcomes} maps an outcome id to the interleavings reaching it. */
    public record Test(String model, String race, String era, String backing, int bound, long interleavings,
            boolean complete, long capped, double seconds,
            @JsonProperty("interleavings_per_s") long interleavingsPerSecond, Map<String, Long> outcomes,
            String statement, List<Bug> bugs) {
        public Test {
            nonNegative(interleavings, "interleavings");
            outcomes = Collections.unmodifiableMap(new LinkedHashMap<>(outcomes == null ? Map.of() : outcomes));
            outcomes.forEach((id, n) -> nonNegative(n == null ? -1 : n, "outcomes." + id));
            statement = statement == null ? "" : statement;
            bugs = listOf(bugs);
        }
    }

    /** A bug outcome reached, with the shortest schedule that replays it and its picture ({@code png}, if drawn). */
    public record Bug(String outcome, String schedule, @JsonProperty("full_schedule") String fullSchedule, int steps,
            int preemptions, boolean replays, String command,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) String png, String timeline, List<Step> trace) {
        public Bug {
            command = command == null ? "" : command;
            png = png == null ? "" : png;
            timeline = timeline == null ? "" : timeline;
            trace = listOf(trace);
        }
    }

    /**
     * One step of a trace: the actor that ran, the point it stopped at (null at its end), what it did, and whether it
     * preempted the other actor (written only when it did).
     */
    public record Step(String actor, String point, List<String> events,
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean preemption) {
    }

    /**
     * Which stress run the exploration was compared with, and its tests exploration did not cover (each as
     * {@code convention}, {@code race}, {@code era}, {@code backing}).
     */
    public record CrossCheck(@JsonProperty("stress_file") String stressFile,
            @JsonProperty("stress_tests") int stressTests, List<Map<String, String>> unmatched) {
    }

    /** An outcome stress observed that no explored interleaving reaches. */
    public record Finding(String model, String race, String era, String backing, String outcome,
            @JsonProperty("stress_count") long stressCount, int bound, String meaning) {
        /** A finding with the meaning {@code explore} writes. */
        public static Finding of(String model, String race, String era, String backing, String outcome,
                long stressCount, int bound) {
            return new Finding(model, race, era, backing, outcome, stressCount, bound, "stress observed " + outcome + " but no "
                    + "interleaving of the named points within bound " + bound + " reaches it: a race window without "
                    + "a named point");
        }
    }

    /** A bug outcome exploration reaches that stress never observed. */
    public record BlindSpot(String model, String race, String era, String outcome,
            @JsonProperty("stress_samples") long stressSamples, String schedule, String meaning,
            List<String> backings) {
        /** A blind spot with the meaning {@code explore} writes. */
        public static BlindSpot of(String model, String race, String era, String outcome, long stressSamples,
                String schedule, List<String> backings) {
            return new BlindSpot(model, race, era, outcome, stressSamples, schedule, "exploration reaches " + outcome
                    + " but stress never observed it", backings);
        }
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    private static void nonNegative(long n, String field) {
        if (n < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, found " + n);
        }
    }

    private static <T> List<T> listOf(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}

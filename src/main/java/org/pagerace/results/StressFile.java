package org.pagerace.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code stress.json}: a stress run's graded tests (see {@code results/README.md}), written by
 * {@code stress/StressReport} and read by the report and by {@code explore --cross-check}. Reading checks every
 * field: counts are non-negative JSON integers, the test's names are strings.
 *
 * <p>v3 adds per test {@code block_size}, {@code history}, {@code samples_target}, {@code sampling} and
 * {@code sampling_seconds}, and at the top {@code sampling} (the rule) and {@code time_budget}; {@link #read} reads
 * v2 files too (those fields then null).
 *
 * @param delays the delay injection's settings in words; null (not written) when it was off
 * @param sampling how the run decided each test's samples, in words (null in a v2 file)
 * @param timeBudget the {@code --time-budget} asked for and what it covered; null when none was asked
 */
public record StressFile(String mode, String era, @JsonProperty("delay_injection") boolean delayInjection,
        @JsonInclude(JsonInclude.Include.NON_NULL) String delays, long seed,
        @JsonProperty("wall_seconds") double wallSeconds, List<Test> tests,
        @JsonInclude(JsonInclude.Include.ALWAYS) String sampling,
        @JsonProperty("time_budget") @JsonInclude(JsonInclude.Include.ALWAYS) TimeBudget timeBudget)
        implements ResultsDocument {
    public static final Schema SCHEMA = new Schema("pagerace-stress", 3, "stress.json");
    /** The version before: no block size, history, sampling or time budget. */
    public static final Schema SCHEMA_V2 = new Schema("pagerace-stress", 2, "stress.json");

    /**
     * What a {@code --time-budget} run covered.
     *
     * @param askedSeconds    the budget asked for
     * @param plannedSeconds  the wall time the plan expected to take
     * @param covered         tests that sampled
     * @param skipped         tests the budget left out, each as {@code model × race [backing]}
     * @param scale           the factor by which the budget's spare time raised every test's samples (1: none)
     */
    public record TimeBudget(@JsonProperty("asked_seconds") double askedSeconds,
            @JsonProperty("planned_seconds") double plannedSeconds, int covered, List<String> skipped,
            double scale) {
        public TimeBudget {
            skipped = List.copyOf(skipped == null ? List.of() : skipped);
        }
    }

    /** A v2-shaped record (no sampling, no time budget). */
    public StressFile(String mode, String era, boolean delayInjection, String delays, long seed, double wallSeconds,
            List<Test> tests) {
        this(mode, era, delayInjection, delays, seed, wallSeconds, tests, null, null);
    }

    /** Reads {@code file}, a {@code pagerace-stress} v3 or v2 document. */
    public static StressFile read(java.nio.file.Path file) {
        return Json.read(file, StressFile.class, SCHEMA, SCHEMA_V2);
    }

    public StressFile {
        require(mode, "mode");
        require(era, "era");
        if (!(wallSeconds >= 0)) {
            throw new IllegalArgumentException("wall_seconds must be a number >= 0, found " + wallSeconds);
        }
        tests = List.copyOf(require(tests, "tests"));
    }

    /**
     * One test: a (model, race, backing) in one era; the model is {@code fs/convention} or {@code fs@version}.
     *
     * @param fs the filesystem the model belongs to
     * @param versionRelease the kernel release of the model's version (empty for a convention of the seed thread)
     * @param expectedBugs the bug outcomes the test was graded as known for: the run's own record
     * @param expectationWhy why those are expected (empty where the model says nothing)
     * @param samplesPerSecond null where unknown (sanity mode)
     * @param secondsToFirst bug id → expected seconds to the first detection (null where unknown)
     * @param messages JCStress's messages for a test in error; not written when empty
     * @param blockSize the filesystem's block size in bytes (null in a v2 file)
     * @param history the history rows the test replays ({@code H10 before}); null if none
     * @param samplesTarget the samples the run planned for it (null in a v2 file)
     * @param sampling why that many, in words (null in a v2 file)
     * @param samplingSeconds its share of its batches' sampling time (null in a v2 file or sanity mode)
     */
    public record Test(String model, String fs, @JsonProperty("version_release") String versionRelease, String race,
            String backing, String era, @JsonProperty("expected_bugs") List<String> expectedBugs,
            @JsonProperty("expectation_why") String expectationWhy, long samples, Map<String, Long> outcomes, @JsonProperty("bugs_seen") List<String> bugsSeen,
            @JsonProperty("bugs_missed") List<String> bugsMissed, String status,
            @JsonProperty("samples_per_second") Double samplesPerSecond,
            @JsonProperty("expected_seconds_to_first_detection") Map<String, Double> secondsToFirst,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> messages,
            @JsonProperty("block_size") Integer blockSize,
            @JsonInclude(JsonInclude.Include.ALWAYS) String history,
            @JsonProperty("samples_target") Long samplesTarget, String sampling,
            @JsonProperty("sampling_seconds") Double samplingSeconds) {
        /** A v2-shaped test (no block size, history or sampling decision). */
        public Test(String model, String fs, String versionRelease, String race, String backing, String era,
                List<String> expectedBugs, String expectationWhy, long samples, Map<String, Long> outcomes,
                List<String> bugsSeen, List<String> bugsMissed, String status, Double samplesPerSecond,
                Map<String, Double> secondsToFirst, List<String> messages) {
            this(model, fs, versionRelease, race, backing, era, expectedBugs, expectationWhy, samples, outcomes,
                    bugsSeen, bugsMissed, status, samplesPerSecond, secondsToFirst, messages, null, null, null, null,
                    null);
        }

        public Test {
            require(model, "model");
            require(race, "race");
            require(backing, "backing");
            require(era, "era");
            require(status, "status");
            if (samples < 0) {
                throw new IllegalArgumentException("samples must be >= 0, found " + samples);
            }
            outcomes = Collections.unmodifiableMap(new LinkedHashMap<>(require(outcomes, "outcomes")));
            long sum = 0;
            for (Map.Entry<String, Long> e : outcomes.entrySet()) {
                if (e.getValue() == null || e.getValue() < 0) {
                    throw new IllegalArgumentException("outcome " + e.getKey() + " must count >= 0, found "
                            + e.getValue());
                }
                sum += e.getValue();
            }
            if (sum < 0) {
                throw new IllegalArgumentException("outcome counts overflow");
            }
            if (samplesPerSecond != null && !(samplesPerSecond >= 0)) {
                throw new IllegalArgumentException("samples_per_second must be >= 0 or null, found "
                        + samplesPerSecond);
            }
            expectedBugs = List.copyOf(expectedBugs == null ? List.of() : expectedBugs);
            bugsSeen = List.copyOf(bugsSeen == null ? List.of() : bugsSeen);
            bugsMissed = List.copyOf(bugsMissed == null ? List.of() : bugsMissed);
            secondsToFirst = secondsToFirst == null ? Map.of()
                    : Collections.unmodifiableMap(new LinkedHashMap<>(secondsToFirst));
            messages = List.copyOf(messages == null ? List.of() : messages);
        }

        /** The test's identity. */
        public TestKey key() {
            return new TestKey(model, race, backing, era, blockSize == null ? TestKey.PAGE_BLOCKS : blockSize);
        }

        public long count(String outcome) {
            return outcomes.getOrDefault(outcome, 0L);
        }

        /** The fraction of samples that showed {@code outcome}; 0 when there were no samples. */
        public double rate(String outcome) {
            return samples == 0 ? 0 : (double) count(outcome) / samples;
        }

        /** Samples per second, NaN where unknown. */
        public double speed() {
            return samplesPerSecond == null ? Double.NaN : samplesPerSecond;
        }
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    /** The tests by their identity, in the file's order. */
    public Map<TestKey, Test> byKey() {
        Map<TestKey, Test> out = new LinkedHashMap<>();
        tests.forEach(t -> out.put(t.key(), t));
        return Collections.unmodifiableMap(out);
    }

    private static <T> T require(T value, String field) {
        return Objects.requireNonNull(value, () -> field + " is missing");
    }
}

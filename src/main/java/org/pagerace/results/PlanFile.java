package org.pagerace.results;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code plan.json}: what a stress run races (see {@code results/README.md}), the planned tests and the batches that
 * put them into the JCStress suite's slots. Written by {@code pagerace stress} (made by {@code stress/RunPlan} and
 * {@code stress/Batches}) and read by every JCStress fork of the same run ({@code -Dpagerace.plan}).
 */
public record PlanFile(List<Test> tests, List<Batch> batches) implements ResultsDocument {
    public static final Schema SCHEMA = new Schema("pagerace-plan", 1, "plan.json");

    public PlanFile {
        tests = List.copyOf(tests);
        batches = List.copyOf(batches);
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    /** Reads {@code file}, a {@code pagerace-plan} v1 document. */
    public static PlanFile read(Path file) {
        return Json.read(file, SCHEMA, PlanFile.class);
    }

    /** The tests that sample (a time budget may have skipped some). */
    public List<Test> running() {
        return tests.stream().filter(t -> t.samplesTarget() > 0).toList();
    }

    /**
     * One planned test.
     *
     * @param id               its index in the plan (the outcome ids of a batch carry it)
     * @param blockSize        the filesystem's block size in bytes
     * @param history          the history rows it replays ({@code H10 before}), null if none
     * @param samplesTarget    the samples it should take; 0 for a test a time budget skipped
     * @param samplesPerSecond the speed it is planned at
     * @param sampling         why that many samples, in words
     */
    public record Test(int id, String model, String spec, String fs, @JsonProperty("version_release") String release,
            String race, String backing, String era, @JsonProperty("block_size") int blockSize,
            @JsonInclude(JsonInclude.Include.ALWAYS) String history,
            @JsonProperty("expected_bugs") List<String> expectedBugs, @JsonProperty("expectation_why") String why,
            @JsonProperty("samples_target") long samplesTarget,
            @JsonProperty("samples_per_second_planned") double samplesPerSecond, String sampling) {
        /** Expected seconds of sampling. */
        @JsonIgnore
        public double expectedSeconds() {
            return samplesTarget / samplesPerSecond;
        }

        /** This test sampled otherwise: {@code samples} at {@code speed} per second, for the reason {@code basis}. */
        public Test sampled(long samples, double speed, String basis) {
            return new Test(id, model, spec, fs, release, race, backing, era, blockSize, history, expectedBugs, why,
                    samples, speed, basis);
        }

        /** This test skipped by a time budget (no samples), for the reason {@code because}. */
        public Test skipped(String because) {
            return sampled(0, samplesPerSecond, because);
        }

        /** This test with {@code label} added to its history rows. */
        public Test labelled(String label) {
            return new Test(id, model, spec, fs, release, race, backing, era, blockSize,
                    history == null ? label : history + ", " + label, expectedBugs, why, samplesTarget,
                    samplesPerSecond, sampling);
        }

        /** The test's identity as {@code stress.json} keys it. */
        @JsonIgnore
        public TestKey key() {
            return new TestKey(model, race, backing, era, blockSize);
        }
    }

    /** A test's part of a batch: its index in the plan and the samples it should get there. */
    public record Share(int test, long samples) {
    }

    /** One slot's tests, with the expected seconds of sampling they take together. */
    public record Batch(int slot, String backing, double seconds, List<Share> shares) {
    }
}

package org.pagerace.results;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code truth.json}: the settings of a real-kernel run, one {@code results} entry per (kernel, filesystem, race)
 * with the real outcome counts beside those of the model of that filesystem at that kernel's version, the races
 * that could not run ({@code failures}), and the QEMU boots the rows came from ({@code guests}; empty for a host
 * run). Written by {@code truth}, read by the report; v2 and v1 files are read too (a v1 file's rows take its
 * top-level {@code kernel}; see {@code results/README.md}). Fields a version lacks are null and not written.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TruthFile(String host, String kernel, int cpus, @JsonProperty("git_commit") String gitCommit,
        @JsonProperty("time_utc") String timeUtc, long iterations, @JsonProperty("emulated_samples") long emulatedSamples,
        long seed, List<String> kernels, List<Guest> guests, String racer, String store, String delay,
        List<Row> results, List<Failure> failures) implements ResultsDocument {
    public static final Schema SCHEMA = new Schema("pagerace-truth", 3, "truth.json");
    public static final Schema SCHEMA_V2 = new Schema("pagerace-truth", 2, "truth.json");
    public static final Schema SCHEMA_V1 = new Schema("pagerace-truth", 1, "truth.json");

    public TruthFile {
        if (results == null) {
            throw new IllegalArgumentException("no \"results\" list");
        }
        results = results.stream().map(r -> r.kernel() != null ? r : r.onKernel(kernel)).toList();
        failures = failures == null ? List.of() : List.copyOf(failures);
    }

    /** Reads {@code file} as v3, v2 or v1; one line naming the file and the field if it is not one of them. */
    public static TruthFile read(Path file) {
        return Json.read(file, TruthFile.class, SCHEMA, SCHEMA_V2, SCHEMA_V1);
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    /** One QEMU boot of {@code scripts/truth --kernel}, and where its time went (README, pagerace-truth). */
    public record Guest(String label, String kernel, String source, String accel,
            @JsonProperty("wall_seconds") double wallSeconds, @JsonProperty("racing_seconds") double racingSeconds,
            @JsonProperty("boot_seconds") double bootSeconds, int rows, @JsonProperty("racer_exit") int racerExit) {
    }

    /**
     * One real race on one filesystem of one kernel ({@code blockSize}, {@code readFromStorage} and
     * {@code droppedByPartner} null where the race or the version does not say) beside its emulated counterpart.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Row(String kernel, @JsonProperty("fs_type") String fsType, @JsonProperty("fs_dir") String fsDir,
            @JsonProperty("fs_mount") String fsMount, @JsonProperty("block_size") Integer blockSize, String race,
            @JsonProperty("race_summary") String raceSummary, long iterations, Map<String, Long> outcomes,
            @JsonProperty("iterations_per_second") long iterationsPerSecond, double seconds,
            @JsonProperty("delay_ns") long delayNs, @JsonProperty("partner_op_median_ns") long partnerOpMedianNs,
            boolean pinned, @JsonProperty("outcomes_by_phase") Map<String, Map<String, Long>> outcomesByPhase,
            @JsonProperty("timing_anomalies") long timingAnomalies,
            @JsonProperty("timing_anomaly_examples") List<String> timingAnomalyExamples,
            @JsonProperty("read_from_storage") Long readFromStorage,
            @JsonProperty("dropped_by_partner") Long droppedByPartner, Emulated emulated, List<Mismatch> mismatches) {
        public Row {
            outcomes = outcomes == null ? Map.of() : outcomes;
            mismatches = mismatches == null ? List.of() : List.copyOf(mismatches);
        }

        Row onKernel(String k) {
            return new Row(k, fsType, fsDir, fsMount, blockSize, race, raceSummary, iterations, outcomes,
                    iterationsPerSecond, seconds, delayNs, partnerOpMedianNs, pinned, outcomesByPhase, timingAnomalies,
                    timingAnomalyExamples, readFromStorage, droppedByPartner, emulated, mismatches);
        }

        /** Whether a model's outcomes stand beside the real ones. */
        @JsonIgnore
        public boolean compared() {
            return emulated != null && emulated.convention() != null;
        }

        /** The model's outcomes in real ids ({@code as_real}, or its own outcomes where a file has no mapping). */
        @JsonIgnore
        public Map<String, Long> emulatedAsReal() {
            if (emulated == null) {
                return Map.of();
            }
            Map<String, Long> m = emulated.asReal() != null ? emulated.asReal() : emulated.outcomes();
            return m == null ? Map.of() : m;
        }
    }

    /**
     * The emulated side of a row: {@code status} ({@code compared}, {@code not emulated}, {@code no model ID}), the
     * model id, and where compared the version run ({@code convention}) with its summary, claim, block size and
     * outcomes, also mapped to the real ids ({@code as_real}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Emulated(String status, String model, String convention, Boolean proxy, String why, String note,
            @JsonProperty("block_size") Integer blockSize, String race, String era, String backing, String delays,
            Long samples, Map<String, Long> outcomes, @JsonProperty("as_real") Map<String, Long> asReal) {
    }

    /** An outcome seen on one side only, with both counts, the count expected on the other side, and its meaning. */
    public record Mismatch(String outcome, String side, @JsonProperty("real_count") long realCount,
            @JsonProperty("real_iterations") long realIterations, @JsonProperty("emulated_count") long emulatedCount,
            @JsonProperty("emulated_samples") long emulatedSamples,
            @JsonProperty("expected_on_other_side") double expectedOnOtherSide, String interpretation) {
    }

    /** A race a filesystem could not run: an environment error ({@code errno} null for a harness fault). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Failure(String kernel, @JsonProperty("fs_type") String fsType, @JsonProperty("fs_dir") String fsDir,
            String race, String error, @JsonInclude(JsonInclude.Include.ALWAYS) String errno,
            @JsonProperty("harness_fault") boolean harnessFault) {
    }
}

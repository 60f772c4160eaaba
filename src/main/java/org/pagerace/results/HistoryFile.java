package org.pagerace.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * {@code history.json}, written by {@code pagerace history --out}: per replayed bug of the kernel's history, its
 * fix, and what the versions before and after the fix reached in exploration and in a free run; the bugs not
 * replayed and what they would need (see {@code results/README.md}). Null fields are not written; a number that is
 * not finite is written as null (an expected time to a detection that never came).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HistoryFile(int bound, @JsonProperty("seconds_per_model") double secondsPerModel, long seed,
        List<Bug> bugs, @JsonProperty("not_replayed") List<NotReplayed> notReplayed) implements ResultsDocument {
    public static final Schema SCHEMA = new Schema("pagerace-history", 2, "history.json");

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    /** One row of the history table; an {@code awaiting-model} row has no problems and no sides. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Bug(String id, String fs, String commit, String title,
            @JsonProperty("hash_confirmed") boolean hashConfirmed, String partner, int actors, String expected,
            @JsonProperty("before_model") String beforeModel, @JsonProperty("after_model") String afterModel,
            @JsonProperty("block_size") int blockSize, String status, List<String> problems, Side before,
            Side after) {
    }

    /**
     * One version's exploration and free run; the version before the fix adds whether and how it reached the bug,
     * the version after it the bug outcomes it reached ({@code bugOutcomes}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Side(String model, String era, long interleavings, boolean complete, Map<String, Long> outcomes,
            @JsonProperty("free_run") FreeRun freeRun, Boolean reached, Integer preemptions, Integer steps,
            String schedule, String command, @JsonProperty("bug_outcomes") List<String> bugOutcomes) {
    }

    /** A free-running run: samples, time and histogram, with the detections of the bug (before) or its count (after). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FreeRun(long samples, double seconds, Map<String, Long> histogram, Long detections,
            @JsonProperty("rate_per_s") Double ratePerSecond,
            @JsonProperty("expected_seconds_to_first") Double expectedSecondsToFirst,
            @JsonProperty("first_seen_seconds") Double firstSeenSeconds, @JsonProperty("bug_samples") Long bugSamples) {
        public FreeRun {
            if (detections != null) { // the run before the fix: no figure is NaN, written as null
                expectedSecondsToFirst = expectedSecondsToFirst == null ? Double.NaN : expectedSecondsToFirst;
                firstSeenSeconds = firstSeenSeconds == null ? Double.NaN : firstSeenSeconds;
            }
        }
    }

    /** A history row not replayed, and what the model would need. */
    public record NotReplayed(String id, String fs, String needs) {
    }
}

package org.pagerace.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code env.json}: where a run ran (see {@code results/README.md}). {@code era} is set by a stress run;
 * {@code sharedMappings}, {@code safeStore} and {@code problem} by {@code pagerace env --json}; null fields are not
 * written.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnvFile(String host, String kernel, @JsonProperty("fs_dir") String fsDir,
        @JsonProperty("fs_type") String fsType, String jdk, String jvm, int cpus,
        @JsonProperty("cpu_model") String cpuModel, @JsonProperty("git_commit") String gitCommit, String mode,
        @JsonProperty("time_utc") String timeUtc, String era, @JsonProperty("shared_mappings") Boolean sharedMappings,
        @JsonProperty("safe_store") Boolean safeStore, String problem) implements ResultsDocument {
    public static final Schema SCHEMA = new Schema("pagerace-env", 1, "env.json");

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    /** This record with the caller era a stress run used. */
    public EnvFile withEra(String runEra) {
        return new EnvFile(host, kernel, fsDir, fsType, jdk, jvm, cpus, cpuModel, gitCommit, mode, timeUtc, runEra,
                sharedMappings, safeStore, problem);
    }

    /** This record with the result of the shared-mapping probe: {@code why} is null when it worked. */
    public EnvFile withProbe(String why) {
        return new EnvFile(host, kernel, fsDir, fsType, jdk, jvm, cpus, cpuModel, gitCommit, mode, timeUtc, era,
                why == null, why == null, why);
    }
}

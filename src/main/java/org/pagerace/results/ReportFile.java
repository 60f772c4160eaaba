package org.pagerace.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code report.json}: the regressions of a run against the baseline, for CI (see {@code results/README.md}). A
 * one-run report has {@code run}, {@code notes} and, when a baseline was compared, {@code method}; a merged report
 * has {@code merged} instead; {@code baseline} is null when there was none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReportFile(String run, List<String> merged, @JsonInclude(JsonInclude.Include.ALWAYS) String baseline,
        List<Regression> regressions, List<String> notes, Method method) implements ResultsDocument {
    public static final Schema SCHEMA = new Schema("pagerace-report", 1, "report.json");

    public ReportFile {
        regressions = regressions == null ? List.of() : List.copyOf(regressions);
    }

    /** How differences were decided (see the report's last section). */
    public record Method(double alpha, String correction, @JsonProperty("rate_test") String rateTest,
            @JsonInclude(JsonInclude.Include.ALWAYS) Double tau, @JsonProperty("tau_floor") double tauFloor,
            @JsonProperty("tau_outcomes") int tauOutcomes, @JsonProperty("rates_compared") boolean ratesCompared,
            @JsonProperty("rate_tests") int rateTests, @JsonProperty("scores_compared") int scoresCompared,
            @JsonProperty("jmh_relative_threshold_percent") double jmhRelativeThresholdPercent) {
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }
}

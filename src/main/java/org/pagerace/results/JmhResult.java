package org.pagerace.results;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One result of a JMH run, as {@code -rf json} writes it (JMH 1.37; see TOOLING.md §3), read by databind: the
 * benchmark, its mode and parameters, the primary metric and the secondary ones (per-method metrics of a
 * {@code @Group}, auxiliary counters, profilers), and the run settings. JMH's format is its own (numbers may be the
 * string {@code "NaN"}, settings are numbers or strings), so it is read leniently, a whole file at a time by
 * {@link #read}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JmhResult(String benchmark, String mode, Map<String, String> params,
        @JsonProperty("primaryMetric") Metric primary, @JsonProperty("secondaryMetrics") Map<String, Metric> secondary,
        String jmhVersion, String jdkVersion, String vmName, String forks, String warmupIterations, String warmupTime,
        String measurementIterations, String measurementTime) {
    /** Where a run folder holds JMH's JSON output. */
    public static final String FILE = "bench.json";

    private static final ObjectMapper JMH = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    public JmhResult {
        Objects.requireNonNull(benchmark, "no \"benchmark\"");
        Objects.requireNonNull(mode, "no \"mode\"");
        Objects.requireNonNull(primary, "no \"primaryMetric\"");
        params = Collections.unmodifiableMap(params == null ? Map.of() : new LinkedHashMap<>(params));
        secondary = Collections.unmodifiableMap(secondary == null ? Map.of() : new LinkedHashMap<>(secondary));
    }

    /** One metric: score, error (NaN where JMH writes {@code "NaN"}), unit, and raw data per fork and iteration. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Metric(Double score, @JsonProperty("scoreError") Double error, @JsonProperty("scoreUnit") String unit,
            @JsonProperty("rawData") double[][] rawData) {
        public Metric {
            Objects.requireNonNull(score, "no \"score\"");
            Objects.requireNonNull(unit, "no \"scoreUnit\"");
            error = error == null ? Double.NaN : error;
            rawData = rawData == null ? new double[0][] : rawData;
        }

        /** The raw samples of all forks, in order. */
        public double[] raw() {
            return Arrays.stream(rawData).flatMapToDouble(Arrays::stream).toArray();
        }

        /**
         * The score in nanoseconds per operation, whatever time unit or throughput unit JMH used; unknown for a unit
         * that is neither (a counter).
         */
        public Estimate nanosPerOp() {
            double k = nanosFactor(unit);
            if (!Double.isNaN(k)) {
                return new Estimate(score * k, error * k);
            }
            double per = opsPerNano(unit);
            if (!Double.isNaN(per)) {
                double v = 1 / (score * per);
                return new Estimate(v, v * error / score);
            }
            return Estimate.NONE;
        }

        /** The score and error as they are (counters: unit "#"). */
        public Estimate estimate() {
            return new Estimate(score, error);
        }

        /** The raw samples converted to ns per operation (as {@link #nanosPerOp}). */
        public double[] rawNanosPerOp() {
            double[] raw = raw();
            double[] out = new double[raw.length];
            double k = nanosFactor(unit);
            double per = opsPerNano(unit);
            for (int i = 0; i < raw.length; i++) {
                out[i] = !Double.isNaN(k) ? raw[i] * k : 1 / (raw[i] * per);
            }
            return out;
        }

        private static double nanosFactor(String unit) {
            switch (unit) {
                case "ns/op":
                    return 1;
                case "us/op":
                    return 1e3;
                case "ms/op":
                    return 1e6;
                case "s/op":
                    return 1e9;
                default:
                    return Double.NaN;
            }
        }

        private static double opsPerNano(String unit) {
            switch (unit) {
                case "ops/ns":
                    return 1;
                case "ops/us":
                    return 1e-3;
                case "ops/ms":
                    return 1e-6;
                case "ops/s":
                    return 1e-9;
                default:
                    return Double.NaN;
            }
        }
    }

    /** The simple class name and method: {@code FaultCostBenchmark.locked}. */
    public String shortName() {
        int method = benchmark.lastIndexOf('.');
        int cls = benchmark.lastIndexOf('.', method - 1);
        return benchmark.substring(cls + 1);
    }

    /** The parameter {@code name}, or null (JMH writes {@code params} only for benchmarks that have some). */
    public String param(String name) {
        return params.get(name);
    }

    /**
     * What identifies this result between two runs: {@code Class.method mode p=v,…}, the parameters in name order.
     */
    public String identity() {
        StringBuilder sb = new StringBuilder(shortName()).append(' ').append(mode);
        new TreeMap<>(params).forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        return sb.toString();
    }

    /** Whether a higher score is better (a throughput unit, {@code ops/…}). */
    public boolean higherIsBetter() {
        return primary.unit().startsWith("ops/");
    }

    /** The secondary metric {@code name} (a group method, an auxiliary counter), or null. */
    public Metric secondary(String name) {
        return secondary.get(name);
    }

    /**
     * Reads the JMH JSON file {@code file}. Throws {@link BadInputException} with a one-line reason if it is not
     * readable, not JSON, or not an array of JMH results.
     */
    public static List<JmhResult> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such file");
        }
        JsonNode root;
        try {
            root = JMH.readTree(file.toFile());
        } catch (IOException e) {
            throw new BadInputException(file + ": not JMH JSON output (not JSON: " + e.getMessage().split("\n")[0] + ")");
        }
        if (root == null || !root.isArray()) {
            throw new BadInputException(file + ": not JMH JSON output (expected an array of benchmark results, "
                    + "as `-rf json` writes, found " + (root == null ? "nothing" : root.getNodeType()) + ")");
        }
        if (root.isEmpty()) {
            throw new BadInputException(file + ": holds no benchmark results (did every benchmark fail? see the run's log)");
        }
        List<JmhResult> out = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            try {
                out.add(JMH.treeToValue(root.get(i), JmhResult.class));
            } catch (JacksonException | IllegalArgumentException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new BadInputException(file + ": result #" + (i + 1) + " is not a JMH result ("
                        + String.valueOf(cause.getMessage()).split("\n")[0] + "): not JMH JSON output");
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** The run setting {@code name} as JMH wrote it ({@code forks}, {@code jmhVersion}, ...), or "". */
    public String setting(String name) {
        String v = switch (name) {
            case "jmhVersion" -> jmhVersion;
            case "jdkVersion" -> jdkVersion;
            case "vmName" -> vmName;
            case "forks" -> forks;
            case "warmupIterations" -> warmupIterations;
            case "warmupTime" -> warmupTime;
            case "measurementIterations" -> measurementIterations;
            case "measurementTime" -> measurementTime;
            default -> null;
        };
        return v == null ? "" : v;
    }

    @Override
    public String toString() {
        return shortName() + params;
    }
}

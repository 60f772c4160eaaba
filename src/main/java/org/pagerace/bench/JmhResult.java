package org.pagerace.bench;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pagerace.report.BadInputException;

/**
 * One result of a JMH run, as {@code -rf json} writes it (JMH 1.37; see TOOLING.md §3): the benchmark, its mode
 * and parameters, the primary metric and the secondary ones (per-method metrics of a {@code @Group}, auxiliary
 * counters, profilers), and the run settings. {@link #read} parses a whole file.
 */
public final class JmhResult {
    /** One metric: score, error (NaN where JMH writes {@code "NaN"}), unit, and raw data per fork and iteration. */
    public record Metric(double score, double error, String unit, double[] raw) {
        /** The score in nanoseconds per operation, whatever time unit or throughput unit JMH used. */
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
            throw new BadInputException("metric unit '" + unit + "' is not a time per operation or a throughput");
        }

        /** The score and error as they are (counters: unit "#"). */
        public Estimate estimate() {
            return new Estimate(score, error);
        }

        /** The raw samples converted to ns per operation (as {@link #nanosPerOp}). */
        public double[] rawNanosPerOp() {
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

    private final String benchmark;
    private final String mode;
    private final Map<String, String> params;
    private final Metric primary;
    private final Map<String, Metric> secondary;
    private final List<String> jvmArgs;
    private final JsonNode settings;

    private JmhResult(String benchmark, String mode, Map<String, String> params, Metric primary,
            Map<String, Metric> secondary, List<String> jvmArgs, JsonNode settings) {
        this.benchmark = benchmark;
        this.mode = mode;
        this.params = params;
        this.primary = primary;
        this.secondary = secondary;
        this.jvmArgs = jvmArgs;
        this.settings = settings;
    }

    /** The full benchmark name, e.g. {@code org.pagerace.bench.FaultCostBenchmark.locked}. */
    public String benchmark() {
        return benchmark;
    }

    /** The simple class name and method: {@code FaultCostBenchmark.locked}. */
    public String shortName() {
        int method = benchmark.lastIndexOf('.');
        int cls = benchmark.lastIndexOf('.', method - 1);
        return benchmark.substring(cls + 1);
    }

    public String mode() {
        return mode;
    }

    /** The parameter {@code name}, or null (JMH writes {@code params} only for benchmarks that have some). */
    public String param(String name) {
        return params.get(name);
    }

    public Map<String, String> params() {
        return params;
    }

    public Metric primary() {
        return primary;
    }

    /** The secondary metric {@code name} (a group method, an auxiliary counter), or null. */
    public Metric secondary(String name) {
        return secondary.get(name);
    }

    public List<String> jvmArgs() {
        return jvmArgs;
    }

    /** A run setting as JMH wrote it ({@code forks}, {@code measurementIterations}, {@code jmhVersion}, ...). */
    public String setting(String name) {
        return settings.path(name).asText("");
    }

    /**
     * Reads the JMH JSON file {@code file}. Throws {@link BadInputException} with a one-line reason if it is not
     * readable, not JSON, or not an array of JMH results.
     */
    public static List<JmhResult> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such file");
        }
        ObjectMapper mapper = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
        JsonNode root;
        try {
            root = mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new BadInputException(file + ": not JMH JSON output (not JSON: " + e.getMessage().split("\n")[0] + ")");
        }
        return parse(file.toString(), root);
    }

    /** Parses a JMH JSON document already read; {@code where} names it in errors. */
    static List<JmhResult> parse(String where, JsonNode root) {
        if (root == null || !root.isArray()) {
            throw new BadInputException(where + ": not JMH JSON output (expected an array of benchmark results, "
                    + "as `-rf json` writes, found " + (root == null ? "nothing" : root.getNodeType()) + ")");
        }
        if (root.isEmpty()) {
            throw new BadInputException(where + ": holds no benchmark results (did every benchmark fail? see the run's log)");
        }
        List<JmhResult> out = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            out.add(parseOne(where + ": result #" + (i + 1), root.get(i)));
        }
        return Collections.unmodifiableList(out);
    }

    private static JmhResult parseOne(String where, JsonNode n) {
        if (!n.isObject() || !n.path("benchmark").isTextual() || !n.path("mode").isTextual()
                || !n.path("primaryMetric").isObject()) {
            throw new BadInputException(where + " is not a JMH result (it needs \"benchmark\", \"mode\" and "
                    + "\"primaryMetric\"): not JMH JSON output");
        }
        Map<String, String> params = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = n.path("params").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            params.put(e.getKey(), e.getValue().asText());
        }
        Map<String, Metric> secondary = new LinkedHashMap<>();
        it = n.path("secondaryMetrics").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            secondary.put(e.getKey(), metric(where + " secondary metric " + e.getKey(), e.getValue()));
        }
        List<String> jvmArgs = new ArrayList<>();
        n.path("jvmArgs").forEach(a -> jvmArgs.add(a.asText()));
        return new JmhResult(n.get("benchmark").asText(), n.get("mode").asText(), Collections.unmodifiableMap(params),
                metric(where + " primaryMetric", n.get("primaryMetric")), Collections.unmodifiableMap(secondary),
                Collections.unmodifiableList(jvmArgs), n);
    }

    private static Metric metric(String where, JsonNode m) {
        JsonNode score = m.path("score");
        if (!(score.isNumber() || score.isTextual()) || !m.path("scoreUnit").isTextual()) {
            throw new BadInputException(where + " has no score and scoreUnit: not JMH JSON output");
        }
        List<Double> raw = new ArrayList<>();
        for (JsonNode fork : m.path("rawData")) {
            for (JsonNode x : fork) {
                raw.add(number(x));
            }
        }
        return new Metric(number(score), number(m.path("scoreError")), m.get("scoreUnit").asText(),
                raw.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** A JSON number, or JMH's strings {@code "NaN"} / {@code "Infinity"}; NaN for anything else. */
    static double number(JsonNode x) {
        if (x.isNumber()) {
            return x.doubleValue();
        }
        if (x.isTextual()) {
            try {
                return Double.parseDouble(x.asText().trim());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    @Override
    public String toString() {
        return shortName() + params;
    }
}

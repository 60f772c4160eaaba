package org.pagerace.report;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One entry of JMH's JSON output: benchmark, mode, {@code @Param} values, the primary score with its error (the
 * half-width of JMH's 99.9 % confidence interval; NaN where JMH wrote "NaN", e.g. one fork of one iteration) and
 * unit, and the secondary metrics' scores (auxiliary counters).
 */
public record JmhScore(String benchmark, String mode, Map<String, String> params, double score, double error,
        String unit, Map<String, Double> secondary) {

    public JmhScore {
        params = Collections.unmodifiableMap(new TreeMap<>(params));
        secondary = Collections.unmodifiableMap(new TreeMap<>(secondary));
    }

    /** {@code Class.method}: the benchmark without its package. */
    public String shortName() {
        int method = benchmark.lastIndexOf('.');
        int cls = method > 0 ? benchmark.lastIndexOf('.', method - 1) : -1;
        return benchmark.substring(cls + 1);
    }

    /** The benchmark class, fully qualified. */
    public String benchmarkClass() {
        int method = benchmark.lastIndexOf('.');
        return method > 0 ? benchmark.substring(0, method) : benchmark;
    }

    /** The {@code convention} parameter, or null. */
    public String convention() {
        return params.get("convention");
    }

    /** {@code Class.method mode p=v,…}: what identifies this score between two runs. */
    public String identity() {
        StringBuilder sb = new StringBuilder(shortName()).append(' ').append(mode);
        params.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        return sb.toString();
    }

    /**
     * Which fault path this score measures: {@code real} (a real kernel write fault: {@code realFault} in the method
     * name), {@code retry} or {@code locked} (in the method name, or as the whole value of a parameter other than
     * {@code convention}, whose ids may contain the words), or null for anything else.
     */
    public String path() {
        String method = shortName().substring(shortName().indexOf('.') + 1).toLowerCase(Locale.ROOT);
        for (String token : new String[] {"realfault", "retry", "locked"}) {
            boolean inParam = params.entrySet().stream().anyMatch(e -> !e.getKey().equals("convention")
                    && e.getValue().equalsIgnoreCase(token));
            if (method.contains(token) || inParam) {
                return token.equals("realfault") ? "real" : token;
            }
        }
        return null;
    }

    /** Whether this operation ended in SIGBUS (the {@code sigbus} counter at least half the {@code stores} one). */
    public boolean endsInSigbus() {
        Double sigbus = secondary.get("sigbus");
        Double stores = secondary.get("stores");
        return sigbus != null && stores != null && stores > 0 && sigbus / stores > 0.5;
    }

    /** Whether a higher score is better (a throughput unit, {@code ops/…}). */
    public boolean higherIsBetter() {
        return unit.startsWith("ops/");
    }

    /** This score in nanoseconds per operation, with its error; {@link Estimate#NONE} for another kind of unit. */
    public Estimate nanosPerOp() {
        double perUnit = seconds(unit.contains("/") ? unit.substring(unit.indexOf('/') + 1) : "");
        if (unit.endsWith("/op")) {
            double scale = seconds(unit.substring(0, unit.indexOf('/'))) * 1e9;
            return Double.isNaN(scale) ? Estimate.NONE : new Estimate(score * scale, error * scale);
        }
        if (unit.startsWith("ops/") && !Double.isNaN(perUnit) && score > 0) {
            double ns = perUnit * 1e9 / score;
            return new Estimate(ns, ns * error / score);
        }
        return Estimate.NONE;
    }

    private static double seconds(String timeUnit) {
        switch (timeUnit) {
            case "ns": return 1e-9;
            case "us": return 1e-6;
            case "ms": return 1e-3;
            case "s": return 1;
            case "min": return 60;
            default: return Double.NaN;
        }
    }

    @Override
    public String toString() {
        return identity();
    }
}

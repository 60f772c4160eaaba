package org.pagerace.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Ratios between JMH scores, all in nanoseconds per operation: per convention, retry / locked (the same benchmark
 * and parameters, the path named by the method or a parameter value), and emulated / real (each emulated path over
 * each real kernel write fault, {@code realFault}, of the same run). Errors propagate in quadrature.
 */
public final class BenchRatios {
    /**
     * One convention's locked and retry scores under the same other parameters; {@code retrySigbus} when its retry
     * operation ended in SIGBUS (the convention has no retry path: no ratio).
     */
    public record Row(String convention, String setting, Estimate locked, Estimate retry, boolean retrySigbus) {
        public Estimate retryOverLocked() {
            return retrySigbus ? Estimate.NONE : retry.over(locked);
        }
    }

    /** One real kernel write fault: its label and time. */
    public record Real(String label, Estimate ns) {
    }

    private final List<Row> rows;
    private final List<Real> reals;

    private BenchRatios(List<Row> rows, List<Real> reals) {
        this.rows = rows;
        this.reals = reals;
    }

    public List<Row> rows() {
        return rows;
    }

    public List<Real> reals() {
        return reals;
    }

    public static BenchRatios of(List<JmhScore> scores) {
        Map<String, Estimate[]> groups = new LinkedHashMap<>();
        Map<String, String[]> labels = new LinkedHashMap<>();
        List<Real> reals = new ArrayList<>();
        java.util.Set<String> sigbusRetries = new java.util.HashSet<>();
        for (JmhScore s : scores) {
            String path = s.path();
            Estimate ns = s.nanosPerOp();
            if (path == null || !ns.known()) {
                continue;
            }
            if (path.equals("real")) {
                reals.add(new Real("real" + setting(s, "real"), ns));
                continue;
            }
            if (s.convention() == null) {
                continue;
            }
            String method = s.shortName().replaceAll("(?i)" + path, "");
            String key = s.mode() + "\u0000" + method + "\u0000" + s.convention() + "\u0000" + setting(s, path);
            groups.computeIfAbsent(key, k -> new Estimate[2])[path.equals("locked") ? 0 : 1] = ns;
            if (path.equals("retry") && s.endsInSigbus()) {
                sigbusRetries.add(key);
            }
            labels.putIfAbsent(key, new String[] {s.convention(), (s.benchmarkClass().substring(
                    s.benchmarkClass().lastIndexOf('.') + 1) + setting(s, path)).trim()});
        }
        List<Row> rows = new ArrayList<>();
        groups.forEach((k, e) -> rows.add(new Row(labels.get(k)[0], labels.get(k)[1],
                e[0] == null ? Estimate.NONE : e[0], e[1] == null ? Estimate.NONE : e[1], sigbusRetries.contains(k))));
        return new BenchRatios(rows, reals);
    }

    /** The non-empty parameters other than the convention and the path-naming one, as {@code  p=v,q=w}. */
    private static String setting(JmhScore s, String path) {
        StringBuilder sb = new StringBuilder();
        s.params().forEach((k, v) -> {
            if (!k.equals("convention") && !v.isEmpty()
                    && !v.equalsIgnoreCase(path.equals("real") ? "realfault" : path)) {
                sb.append(sb.length() == 0 ? " " : ",").append(k).append('=').append(v);
            }
        });
        return sb.toString();
    }
}

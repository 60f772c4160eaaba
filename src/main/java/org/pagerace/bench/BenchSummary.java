package org.pagerace.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.pagerace.report.BadInputException;
import org.pagerace.report.Json;

/**
 * What a JMH run of the project's benchmarks ({@code src/jmh/java/org/pagerace/bench}) says, in the project's
 * terms: per convention and backing the emulated write fault on the locked, refault and retry paths with the
 * re-arm baseline measured beside them subtracted, and the ratios retry/locked and (retry - refault)/locked; the
 * price of a retry measured paired ({@code RetryPriceBenchmark}: the locked and the retry store timed in the same
 * operation, so that the host's drift cancels); the real kernel's write fault and the emulated/real ratios; the
 * cost per store against the measured truncate rate; and what the named points cost. All times are nanoseconds per
 * operation; errors are 99.9 % confidence half-widths (see {@link Estimate}).
 *
 * <p>{@code bench-summary.json} (schema {@value #SCHEMA}, version {@value #VERSION}) holds: {@code source},
 * {@code settings} (JMH version, JDK, forks, iterations of the first result), {@code host_cpu} (if the run
 * recorded it: see {@link HostCpu}), {@code fault_cost} (one object per convention and backing: {@code rearm_ns},
 * {@code locked}, {@code refault}, {@code retry} each with {@code ns}, {@code net_ns}, {@code faults_per_store},
 * {@code sigbus_per_store}; {@code retry_ends_in_sigbus}, {@code retry_over_locked}, {@code restart_ns},
 * {@code restart_over_locked}), {@code retry_price} (one object per convention and backing: {@code pairs},
 * {@code locked_ns}, {@code retry_ns}, {@code retry_minus_locked_ns}, {@code retry_over_locked},
 * {@code retry_ends_in_sigbus}), {@code kernel} ({@code jna_call_ns}, {@code safe_store_ns}, {@code real_fault}: per
 * method {@code fault_ns} (the timed store) and {@code cycle_ns} (re-arm included)), {@code emulated_over_real},
 * {@code pressure} (per convention, partner, backing and gap: {@code truncates_per_s}, {@code ns_per_store},
 * {@code ns_per_landed_store}, {@code stores}, {@code faults_per_store}, {@code retries_per_store},
 * {@code sigbus_per_store}, {@code livelocks}), {@code points}, {@code warnings} and {@code charts}. Each value
 * with an error is {@code {"value": v, "error": e}}, null where unknown.
 */
public final class BenchSummary {
    public static final String SCHEMA = "pagerace-bench-summary";
    public static final int VERSION = 1;

    /** The arithmetic steps of {@code PointsCostBenchmark.stepsPointsOff/Idle} carry this many points. */
    static final int POINTS_PER_MICRO_OP = 4;

    /** One path of one convention: the JMH score, the score less the re-arm, and what the counters say. */
    public record PathCost(Estimate ns, Estimate net, double faultsPerStore, double sigbusPerStore) {
        ObjectNode toJson() {
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.set("ns", ns.toJson());
            n.set("net_ns", net.toJson());
            Estimate.putNumber(n, "faults_per_store", faultsPerStore);
            Estimate.putNumber(n, "sigbus_per_store", sigbusPerStore);
            return n;
        }
    }

    /**
     * One convention on one backing, uncontended ({@code FaultCostBenchmark}): the re-arm baseline measured beside
     * it, and the three fault paths with it subtracted. Paths may be null if not run.
     */
    public record FaultRow(String convention, String backing, Estimate rearm, PathCost locked, PathCost refault,
            PathCost retry) {
        /** The retry operation ended in SIGBUS: the convention has no retry path. */
        public boolean retryEndsInSigbus() {
            return retry != null && retry.sigbusPerStore > 0.5;
        }

        /** retry / locked, both less the re-arm; unknown if either is missing or retry ends in SIGBUS. */
        public Estimate retryOverLocked() {
            return locked == null || retry == null || retryEndsInSigbus() ? Estimate.NONE : retry.net.over(locked.net);
        }

        /** retry - refault: the price of the failed first attempt. */
        public Estimate restart() {
            return refault == null || retry == null || retryEndsInSigbus() ? Estimate.NONE : retry.ns.minus(refault.ns);
        }

        public Estimate restartOverLocked() {
            return locked == null ? Estimate.NONE : restart().over(locked.net);
        }
    }

    /**
     * One convention on one backing, paired ({@code RetryPriceBenchmark}): per iteration, the mean timed locked and
     * retry store (the clock's own cost subtracted), and over the iterations of all forks the mean and 99.9 %
     * interval of each, of their difference and of their ratio. The difference and the ratio are taken per
     * iteration, so what drifts between iterations cancels in them.
     */
    public record PairedRow(String convention, String backing, long pairs, Estimate locked, Estimate retry,
            Estimate retryMinusLocked, Estimate retryOverLocked, boolean retryEndsInSigbus) {
    }

    /** A real kernel write fault by one re-arm method ({@code KernelReferenceBenchmark.realFault}). */
    public record RealRow(String method, Estimate faultNs, Estimate cycleNs) {
    }

    /** One point of a pressure curve ({@code PressureBenchmark}). */
    public record PressureRow(String convention, String partner, String backing, String gapUs,
            Estimate truncatesPerSec, Estimate nsPerStore, Estimate nsPerLandedStore, long stores,
            double faultsPerStore, double retriesPerStore, double sigbusPerStore, long livelocks) {
    }

    /** {@code PointsCostBenchmark}; unknown entries are {@link Estimate#NONE}. */
    public record PointsCost(Estimate baseline, Estimate off, Estimate idle, Estimate faultOff, Estimate faultIdle) {
        public Estimate offMinusBaseline() {
            return off.minus(baseline);
        }

        public Estimate idleMinusBaseline() {
            return idle.minus(baseline);
        }

        public Estimate faultIdleMinusOff() {
            return faultIdle.minus(faultOff);
        }

        boolean any() {
            return baseline.known() || off.known() || idle.known() || faultOff.known() || faultIdle.known();
        }
    }

    private final JmhResult first;
    private final List<FaultRow> faultRows;
    private final List<PairedRow> paired;
    private final Estimate jnaCall;
    private final Estimate safeStore;
    private final List<RealRow> real;
    private final List<PressureRow> pressure;
    private final PointsCost points;
    private final List<String> warnings;

    private BenchSummary(JmhResult first, List<FaultRow> faultRows, List<PairedRow> paired, Estimate jnaCall,
            Estimate safeStore, List<RealRow> real, List<PressureRow> pressure, PointsCost points,
            List<String> warnings) {
        this.first = first;
        this.faultRows = faultRows;
        this.paired = paired;
        this.jnaCall = jnaCall;
        this.safeStore = safeStore;
        this.real = real;
        this.pressure = pressure;
        this.points = points;
        this.warnings = warnings;
    }

    /** Summarises {@code results}; throws {@link BadInputException} if none of them is one of ours. */
    public static BenchSummary of(List<JmhResult> results) {
        List<String> warnings = new ArrayList<>();
        Map<String, JmhResult> single = new LinkedHashMap<>();
        List<JmhResult> faults = new ArrayList<>();
        List<JmhResult> reals = new ArrayList<>();
        List<JmhResult> pressures = new ArrayList<>();
        List<PairedRow> paired = new ArrayList<>();
        int ours = 0;
        for (JmhResult r : results) {
            String name = r.shortName();
            if (!r.benchmark().startsWith("org.pagerace.bench.")) {
                continue;
            }
            ours++;
            switch (name) {
                case "FaultCostBenchmark.fault":
                    faults.add(r);
                    break;
                case "KernelReferenceBenchmark.realFault":
                    reals.add(r);
                    break;
                case "PressureBenchmark.pressure":
                    pressures.add(r);
                    break;
                case "RetryPriceBenchmark.pair":
                    paired.add(pairedRow(r));
                    break;
                default:
                    single.put(name, r);
            }
        }
        if (ours == 0) {
            throw new BadInputException("no results of pagerace's benchmarks (org.pagerace.bench.*) in the JMH output");
        }
        List<FaultRow> faultRows = faultRows(faults, warnings);
        List<RealRow> real = new ArrayList<>();
        for (JmhResult r : reals) {
            real.add(new RealRow(r.param("method"), perFault(r), r.primary().nanosPerOp()));
        }
        if (real.isEmpty()) {
            warnings.add("KernelReferenceBenchmark.realFault did not run: no emulated/real ratio");
        }
        PointsCost points = new PointsCost(timeOf(single.get("PointsCostBenchmark.stepsBaseline")),
                timeOf(single.get("PointsCostBenchmark.stepsPointsOff")),
                timeOf(single.get("PointsCostBenchmark.stepsPointsIdle")),
                timeOf(single.get("PointsCostBenchmark.faultPointsOff")),
                timeOf(single.get("PointsCostBenchmark.faultPointsIdle")));
        return new BenchSummary(results.get(0), faultRows, paired,
                timeOf(single.get("KernelReferenceBenchmark.jnaBaseline")),
                timeOf(single.get("KernelReferenceBenchmark.safeStore")), real, pressureRows(pressures), points,
                warnings);
    }

    private static Estimate timeOf(JmhResult r) {
        return r == null ? Estimate.NONE : r.primary().nanosPerOp();
    }

    /** Groups the {@code FaultCostBenchmark.fault} results by convention and backing, and subtracts the re-arm. */
    private static List<FaultRow> faultRows(List<JmhResult> faults, List<String> warnings) {
        Map<String, Map<String, JmhResult>> byKey = new LinkedHashMap<>();
        for (JmhResult r : faults) {
            String key = r.param("convention") + "\u0000" + r.param("backing");
            byKey.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(String.valueOf(r.param("path")), r);
        }
        List<FaultRow> rows = new ArrayList<>();
        for (Map.Entry<String, Map<String, JmhResult>> e : byKey.entrySet()) {
            String[] k = e.getKey().split("\u0000", -1);
            Map<String, JmhResult> p = e.getValue();
            for (String path : List.of("rearm", "locked", "refault", "retry")) {
                if (!p.containsKey(path)) {
                    warnings.add("FaultCostBenchmark path=" + path + " did not run for " + k[0] + " (" + k[1] + ")"
                            + (path.equals("rearm") ? ": its costs include the re-arm" : ""));
                }
            }
            Estimate rearm = timeOf(p.get("rearm"));
            rows.add(new FaultRow(k[0], k[1], rearm, path(p.get("locked"), rearm), path(p.get("refault"), rearm),
                    path(p.get("retry"), rearm)));
        }
        return rows;
    }

    private static PathCost path(JmhResult r, Estimate rearm) {
        if (r == null) {
            return null;
        }
        Estimate ns = r.primary().nanosPerOp();
        double stores = counter(r, "stores");
        return new PathCost(ns, rearm.known() ? ns.minus(rearm) : ns, counter(r, "faults") / stores,
                counter(r, "sigbus") / stores);
    }

    /** An auxiliary counter's total, NaN if absent. */
    private static double counter(JmhResult r, String name) {
        JmhResult.Metric m = r.secondary(name);
        return m == null ? Double.NaN : m.score();
    }

    /** The raw per-iteration values of counter {@code name}, or an empty array. */
    private static double[] raw(JmhResult r, String name) {
        JmhResult.Metric m = r.secondary(name);
        return m == null ? new double[0] : m.raw();
    }

    /** A {@code RetryPriceBenchmark.pair} result: per iteration, each timed store less the clock's cost. */
    static PairedRow pairedRow(JmhResult r) {
        double[] pairs = raw(r, "pairs");
        double[] lockedNs = raw(r, "lockedNs");
        double[] retryNs = raw(r, "retryNs");
        double[] timerNs = raw(r, "timerNs");
        int n = pairs.length;
        if (n == 0 || lockedNs.length != n || retryNs.length != n || timerNs.length != n) {
            throw new BadInputException(r.benchmark() + " has no per-iteration pairs/lockedNs/retryNs/timerNs "
                    + "counters: not this project's RetryPriceBenchmark");
        }
        double[] locked = new double[n];
        double[] retry = new double[n];
        double[] difference = new double[n];
        double[] ratio = new double[n];
        for (int i = 0; i < n; i++) {
            locked[i] = (lockedNs[i] - timerNs[i]) / pairs[i];
            retry[i] = (retryNs[i] - timerNs[i]) / pairs[i];
            difference[i] = retry[i] - locked[i];
            ratio[i] = retry[i] / locked[i];
        }
        double total = Arrays.stream(pairs).sum();
        double sigbus = Arrays.stream(raw(r, "sigbus")).sum();
        return new PairedRow(r.param("convention"), r.param("backing"), (long) total, Estimate.ofSamples(locked),
                Estimate.ofSamples(retry), Estimate.ofSamples(difference), Estimate.ofSamples(ratio),
                sigbus > total / 2);
    }

    /** The real fault: per iteration, timed nanoseconds over timed faults. */
    private static Estimate perFault(JmhResult r) {
        double[] ns = raw(r, "kernelFaultNs");
        double[] n = raw(r, "kernelFaults");
        if (ns.length == 0 || ns.length != n.length) {
            return Estimate.NONE;
        }
        double[] per = new double[ns.length];
        for (int i = 0; i < ns.length; i++) {
            per[i] = ns[i] / n[i];
        }
        return Estimate.ofSamples(per);
    }

    private static List<PressureRow> pressureRows(List<JmhResult> pressures) {
        List<PressureRow> rows = new ArrayList<>();
        List<String> order = new ArrayList<>();
        for (JmhResult r : pressures) {
            if (!order.contains(r.param("convention"))) {
                order.add(r.param("convention"));
            }
            JmhResult.Metric fault = r.secondary("fault");
            JmhResult.Metric truncate = r.secondary("truncate");
            if (fault == null || truncate == null) {
                throw new BadInputException(r.benchmark() + " has no 'fault'/'truncate' group metrics: not this project's PressureBenchmark");
            }
            double[] faultNs = fault.rawNanosPerOp();
            double[] truncNs = truncate.rawNanosPerOp();
            double[] stores = raw(r, "stores");
            double[] sigbus = raw(r, "sigbus");
            double[] livelocks = raw(r, "livelocks");
            double[] truncates = raw(r, "truncates");
            int n = faultNs.length;
            double[] rate = new double[n];
            java.util.stream.DoubleStream.Builder landedNs = java.util.stream.DoubleStream.builder();
            for (int i = 0; i < n; i++) {
                double landed = at(stores, i) - at(sigbus, i) - at(livelocks, i);
                if (landed > 0) { /* an iteration in which no store landed has no cost per landed store */
                    landedNs.add(faultNs[i] * at(stores, i) / landed);
                }
                rate[i] = at(truncates, i) > 0 ? 1e9 / truncNs[i] : 0;
            }
            double total = counter(r, "stores");
            Estimate perLanded = Estimate.ofSamples(landedNs.build().toArray());
            rows.add(new PressureRow(r.param("convention"), r.param("partner"), r.param("backing"), r.param("gapUs"),
                    Estimate.ofSamples(rate), fault.nanosPerOp(), perLanded, (long) total,
                    counter(r, "faults") / total, counter(r, "retries") / total, counter(r, "sigbus") / total,
                    (long) counter(r, "livelocks")));
        }
        rows.sort(Comparator.comparingInt((PressureRow p) -> order.indexOf(p.convention))
                .thenComparing(PressureRow::partner).thenComparing(PressureRow::backing)
                .thenComparingDouble(p -> gapOrder(p.gapUs)));
        return rows;
    }

    private static double at(double[] xs, int i) {
        return i < xs.length ? xs[i] : Double.NaN;
    }

    /** "off" first, then from the longest gap to back-to-back: in order of rising truncate rate. */
    static double gapOrder(String gapUs) {
        if ("off".equals(gapUs)) {
            return Double.NEGATIVE_INFINITY;
        }
        try {
            return -Double.parseDouble(gapUs);
        } catch (NumberFormatException e) {
            return Double.POSITIVE_INFINITY;
        }
    }

    // ---- accessors ----

    public List<FaultRow> faultRows() {
        return faultRows;
    }

    /** The row of {@code convention} on {@code backing}, or null. */
    public FaultRow faultRow(String convention, String backing) {
        for (FaultRow r : faultRows) {
            if (r.convention.equals(convention) && r.backing.equals(backing)) {
                return r;
            }
        }
        return null;
    }

    /** The paired retry prices ({@code RetryPriceBenchmark}), in the order JMH ran them. */
    public List<PairedRow> paired() {
        return paired;
    }

    public Estimate jnaCall() {
        return jnaCall;
    }

    public Estimate safeStore() {
        return safeStore;
    }

    public List<RealRow> real() {
        return real;
    }

    public List<PressureRow> pressure() {
        return pressure;
    }

    public PointsCost points() {
        return points;
    }

    public List<String> warnings() {
        return java.util.Collections.unmodifiableList(warnings);
    }

    /** Adds a warning about the run (printed under the tables and kept in the summary). */
    public void warn(String warning) {
        warnings.add(warning);
    }

    /** The backings of the fault rows, in order of appearance. */
    public Set<String> faultBackings() {
        Set<String> s = new LinkedHashSet<>();
        faultRows.forEach(r -> s.add(r.backing));
        return s;
    }

    /** Emulated locked fault (net) over the real fault of {@code method}, for {@code row}. */
    public static Estimate emulatedOverReal(FaultRow row, RealRow real) {
        return row.locked == null ? Estimate.NONE : row.locked.net.over(real.faultNs);
    }

    // ---- output ----

    /** The {@code bench-summary.json} document. */
    public ObjectNode toJson(String source, JsonNode hostCpu, List<String> charts) {
        ObjectNode doc = Json.document(SCHEMA, VERSION);
        doc.put("source", source);
        doc.put("unit", "ns per operation; errors are 99.9% confidence half-widths, null where unknown");
        ObjectNode settings = doc.putObject("settings");
        for (String k : List.of("jmhVersion", "jdkVersion", "vmName", "forks", "warmupIterations", "warmupTime",
                "measurementIterations", "measurementTime")) {
            settings.put(k, first.setting(k));
        }
        if (hostCpu != null) {
            doc.set("host_cpu", hostCpu);
        }
        ArrayNode fc = doc.putArray("fault_cost");
        for (FaultRow r : faultRows) {
            ObjectNode n = fc.addObject();
            n.put("convention", r.convention);
            n.put("backing", r.backing);
            n.set("rearm_ns", r.rearm.toJson());
            for (String path : List.of("locked", "refault", "retry")) {
                PathCost p = path.equals("locked") ? r.locked : path.equals("refault") ? r.refault : r.retry;
                if (p != null) {
                    n.set(path, p.toJson());
                }
            }
            n.put("retry_ends_in_sigbus", r.retryEndsInSigbus());
            n.set("retry_over_locked", r.retryOverLocked().toJson());
            n.set("restart_ns", r.restart().toJson());
            n.set("restart_over_locked", r.restartOverLocked().toJson());
        }
        ArrayNode rp = doc.putArray("retry_price");
        for (PairedRow r : paired) {
            ObjectNode n = rp.addObject();
            n.put("convention", r.convention);
            n.put("backing", r.backing);
            n.put("pairs", r.pairs);
            n.set("locked_ns", r.locked.toJson());
            n.set("retry_ns", r.retry.toJson());
            n.set("retry_minus_locked_ns", (r.retryEndsInSigbus ? Estimate.NONE : r.retryMinusLocked).toJson());
            n.set("retry_over_locked", (r.retryEndsInSigbus ? Estimate.NONE : r.retryOverLocked).toJson());
            n.put("retry_ends_in_sigbus", r.retryEndsInSigbus);
        }
        ObjectNode kernel = doc.putObject("kernel");
        kernel.set("jna_call_ns", jnaCall.toJson());
        kernel.set("safe_store_ns", safeStore.toJson());
        ArrayNode rf = kernel.putArray("real_fault");
        for (RealRow r : real) {
            ObjectNode n = rf.addObject();
            n.put("method", r.method);
            n.set("fault_ns", r.faultNs.toJson());
            n.set("cycle_ns", r.cycleNs.toJson());
        }
        ArrayNode eor = doc.putArray("emulated_over_real");
        for (FaultRow row : faultRows) {
            for (RealRow r : real) {
                ObjectNode n = eor.addObject();
                n.put("convention", row.convention);
                n.put("backing", row.backing);
                n.put("method", r.method);
                n.set("ratio", emulatedOverReal(row, r).toJson());
            }
        }
        ArrayNode pr = doc.putArray("pressure");
        for (PressureRow p : pressure) {
            ObjectNode n = pr.addObject();
            n.put("convention", p.convention);
            n.put("partner", p.partner);
            n.put("backing", p.backing);
            n.put("gap_us", p.gapUs);
            n.set("truncates_per_s", p.truncatesPerSec.toJson());
            n.set("ns_per_store", p.nsPerStore.toJson());
            n.set("ns_per_landed_store", p.nsPerLandedStore.toJson());
            n.put("stores", p.stores);
            Estimate.putNumber(n, "faults_per_store", p.faultsPerStore);
            Estimate.putNumber(n, "retries_per_store", p.retriesPerStore);
            Estimate.putNumber(n, "sigbus_per_store", p.sigbusPerStore);
            n.put("livelocks", p.livelocks);
        }
        ObjectNode pts = doc.putObject("points");
        pts.set("baseline_ns", points.baseline.toJson());
        pts.set("off_ns", points.off.toJson());
        pts.set("idle_ns", points.idle.toJson());
        pts.set("off_minus_baseline_ns", points.offMinusBaseline().toJson());
        pts.set("idle_minus_baseline_ns", points.idleMinusBaseline().toJson());
        pts.put("points_per_micro_op", POINTS_PER_MICRO_OP);
        pts.set("fault_off_ns", points.faultOff.toJson());
        pts.set("fault_idle_ns", points.faultIdle.toJson());
        pts.set("fault_idle_minus_off_ns", points.faultIdleMinusOff().toJson());
        ArrayNode w = doc.putArray("warnings");
        warnings.forEach(w::add);
        ArrayNode c = doc.putArray("charts");
        charts.forEach(c::add);
        return doc;
    }

    /** The tables printed by {@code pagerace bench-report}. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        for (String backing : faultBackings()) {
            sb.append(String.format(Locale.ROOT, "Emulated write fault, %s backing, uncontended (ns per store, the "
                    + "re-arm measured beside each convention subtracted)%n", backing));
            sb.append(String.format(Locale.ROOT, "  %-18s %12s %14s %14s %14s %14s %14s %10s%n", "convention",
                    "re-arm", "locked", "refault", "retry", "retry/locked", "restart", "restart/lk"));
            for (FaultRow r : faultRows) {
                if (!r.backing.equals(backing)) {
                    continue;
                }
                sb.append(String.format(Locale.ROOT, "  %-18s %12s %14s %14s %14s %14s %14s %10s%n", r.convention,
                        r.rearm.format(), net(r.locked), net(r.refault),
                        net(r.retry) + (r.retryEndsInSigbus() ? "*" : ""),
                        r.retryEndsInSigbus() ? "SIGBUS*" : r.retryOverLocked().format(), r.restart().format(),
                        r.restartOverLocked().format()));
            }
            if (faultRows.stream().anyMatch(r -> r.backing.equals(backing) && r.retryEndsInSigbus())) {
                sb.append("  * no retry path: the handler answers the dropped page with SIGBUS (the spurious SIGBUS)\n");
            }
            sb.append("  restart = retry - refault: the failed first attempt alone (both drop and re-create the page)\n\n");
        }
        if (!paired.isEmpty()) {
            sb.append("Price of a retry, paired (a locked and a retry store timed in each operation; ns per store)\n");
            sb.append(String.format(Locale.ROOT, "  %-18s %-7s %14s %14s %14s %14s%n", "convention", "backing",
                    "locked", "retry", "retry - locked", "retry/locked"));
            for (PairedRow r : paired) {
                sb.append(String.format(Locale.ROOT, "  %-18s %-7s %14s %14s %14s %14s%n", r.convention, r.backing,
                        r.locked.format(), r.retry.format() + (r.retryEndsInSigbus ? "*" : ""),
                        r.retryEndsInSigbus ? "SIGBUS*" : r.retryMinusLocked.format(),
                        r.retryEndsInSigbus ? "SIGBUS*" : r.retryOverLocked.format()));
            }
            if (paired.stream().anyMatch(PairedRow::retryEndsInSigbus)) {
                sb.append("  * no retry path: the handler answers the dropped page with SIGBUS (the spurious SIGBUS)\n");
            }
            sb.append("  difference and ratio taken per iteration, then averaged: the host's drift cancels in them\n\n");
        }
        if (!real.isEmpty() || jnaCall.known() || safeStore.known()) {
            sb.append("Real kernel (ns)\n");
            for (RealRow r : real) {
                sb.append(String.format(Locale.ROOT, "  write fault, re-armed by %-9s %14s per timed store   %14s per cycle (re-arm included)%n",
                        r.method + ":", r.faultNs.format(), r.cycleNs.format()));
            }
            sb.append(String.format(Locale.ROOT, "  JNA call (pagerace_abi_version)      %14s%n", jnaCall.format()));
            sb.append(String.format(Locale.ROOT, "  safe store (process_vm_writev)       %14s%n%n", safeStore.format()));
        }
        if (!real.isEmpty() && faultRows.stream().anyMatch(r -> r.locked != null)) {
            sb.append("Emulated locked fault (net) / real kernel write fault\n");
            sb.append(String.format(Locale.ROOT, "  %-18s %-7s", "convention", "backing"));
            real.forEach(r -> sb.append(String.format(Locale.ROOT, " %16s", "/ " + r.method)));
            sb.append('\n');
            for (FaultRow row : faultRows) {
                sb.append(String.format(Locale.ROOT, "  %-18s %-7s", row.convention, row.backing));
                real.forEach(r -> sb.append(String.format(Locale.ROOT, " %16s", emulatedOverReal(row, r).format())));
                sb.append('\n');
            }
            sb.append('\n');
        }
        if (!pressure.isEmpty()) {
            sb.append("Under pressure (fault thread: ns per landed store; truncates/s measured; retries and SIGBUS per store)\n");
            sb.append(String.format(Locale.ROOT, "  %-18s %-8s %-6s %5s %12s %16s %16s %9s %9s %6s%n", "convention",
                    "partner", "back", "gapUs", "truncates/s", "ns/store", "ns/landed store", "retries", "sigbus",
                    "livelk"));
            for (PressureRow p : pressure) {
                sb.append(String.format(Locale.ROOT, "  %-18s %-8s %-6s %5s %12s %16s %16s %9s %9s %6d%n",
                        p.convention, p.partner, p.backing, p.gapUs, Estimate.number(p.truncatesPerSec.value()),
                        p.nsPerStore.format(), p.nsPerLandedStore.format(), Estimate.number(p.retriesPerStore),
                        Estimate.number(p.sigbusPerStore), p.livelocks));
            }
            sb.append('\n');
        }
        if (points.any()) {
            sb.append("Named points (ns per operation)\n");
            sb.append(String.format(Locale.ROOT, "  %d arithmetic steps: baseline %s, points off %s (%s vs baseline), "
                    + "points on and idle %s (%s vs baseline)%n", POINTS_PER_MICRO_OP, points.baseline.format(),
                    points.off.format(), points.offMinusBaseline().format(), points.idle.format(),
                    points.idleMinusBaseline().format()));
            sb.append(String.format(Locale.ROOT, "  locked fault (nopage-locked, model): points off %s, on and idle %s "
                    + "(%s)%n%n", points.faultOff.format(), points.faultIdle.format(),
                    points.faultIdleMinusOff().format()));
        }
        for (String w : warnings) {
            sb.append("warning: ").append(w).append('\n');
        }
        return sb.toString();
    }

    private static String net(PathCost p) {
        return p == null ? "-" : p.net.format();
    }
}

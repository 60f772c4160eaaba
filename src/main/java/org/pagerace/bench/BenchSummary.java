package org.pagerace.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.pagerace.results.BadInputException;
import org.pagerace.results.BenchSummaryFile.EmulatedOverReal;
import org.pagerace.results.BenchSummaryFile.FaultCost;
import org.pagerace.results.BenchSummaryFile.Kernel;
import org.pagerace.results.BenchSummaryFile.PathCost;
import org.pagerace.results.BenchSummaryFile.Points;
import org.pagerace.results.BenchSummaryFile.Pressure;
import org.pagerace.results.BenchSummaryFile.RealFault;
import org.pagerace.results.BenchSummaryFile.RetryPrice;
import org.pagerace.results.BenchSummaryFile;
import org.pagerace.results.Estimate;
import org.pagerace.results.JmhResult;

/**
 * What a JMH run of the project's benchmarks ({@code src/jmh/java/org/pagerace/bench}) says, in the project's
 * terms: per convention and backing the emulated write fault on the locked, refault and retry paths with the
 * re-arm baseline measured beside them subtracted, and the ratios retry/locked and (retry - refault)/locked; the
 * price of a retry measured paired ({@code RetryPriceBenchmark}: the locked and the retry store timed in the same
 * operation, so that the host's drift cancels); the real kernel's write fault and the emulated/real ratios; the
 * cost per store against the measured truncate rate; and what the named points cost. All times are nanoseconds per
 * operation; errors are 99.9 % confidence half-widths (see {@link Estimate}).
 *
 * <p>{@code bench-summary.json} ({@link BenchSummaryFile}) holds: {@code source},
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

    /** The arithmetic steps of {@code PointsCostBenchmark.stepsPointsOff/Idle} carry this many points. */
    static final int POINTS_PER_MICRO_OP = 4;

    private BenchSummary() {
    }

    /** Summarises {@code results}; throws {@link BadInputException} if none of them is one of ours. */
    public static BenchSummaryFile of(List<JmhResult> results) {
        return of(results, null);
    }

    /**
     * Summarises {@code results}, with the host's CPU use {@code cpu} (null if not recorded) and its warnings;
     * throws {@link BadInputException} if none of the results is one of ours.
     */
    public static BenchSummaryFile of(List<JmhResult> results, HostCpu cpu) {
        List<String> warnings = new ArrayList<>();
        Map<String, JmhResult> single = new LinkedHashMap<>();
        List<JmhResult> faults = new ArrayList<>();
        List<JmhResult> reals = new ArrayList<>();
        List<JmhResult> pressures = new ArrayList<>();
        List<RetryPrice> paired = new ArrayList<>();
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
        List<FaultCost> faultRows = faultRows(faults, warnings);
        List<RealFault> real = new ArrayList<>();
        for (JmhResult r : reals) {
            real.add(new RealFault(r.param("method"), perFault(r), r.primary().nanosPerOp()));
        }
        if (real.isEmpty()) {
            warnings.add("KernelReferenceBenchmark.realFault did not run: no emulated/real ratio");
        }
        Points points = new Points(timeOf(single.get("PointsCostBenchmark.stepsBaseline")),
                timeOf(single.get("PointsCostBenchmark.stepsPointsOff")),
                timeOf(single.get("PointsCostBenchmark.stepsPointsIdle")), null, null, POINTS_PER_MICRO_OP,
                timeOf(single.get("PointsCostBenchmark.faultPointsOff")),
                timeOf(single.get("PointsCostBenchmark.faultPointsIdle")), null);
        List<EmulatedOverReal> eor = new ArrayList<>();
        for (FaultCost row : faultRows) {
            for (RealFault r : real) {
                eor.add(new EmulatedOverReal(row.convention(), row.backing(), r.method(), emulatedOverReal(row, r)));
            }
        }
        if (cpu != null) {
            warnings.addAll(cpu.warnings());
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String k : List.of("jmhVersion", "jdkVersion", "vmName", "forks", "warmupIterations", "warmupTime",
                "measurementIterations", "measurementTime")) {
            settings.put(k, results.get(0).setting(k));
        }
        return new BenchSummaryFile(JmhResult.FILE, BenchSummaryFile.UNIT, settings, cpu == null ? null : cpu.share(),
                faultRows, paired, new Kernel(timeOf(single.get("KernelReferenceBenchmark.jnaBaseline")),
                        timeOf(single.get("KernelReferenceBenchmark.safeStore")), real),
                eor, pressureRows(pressures), points, warnings, List.of());
    }

    private static Estimate timeOf(JmhResult r) {
        return r == null ? Estimate.NONE : r.primary().nanosPerOp();
    }

    /** Groups the {@code FaultCostBenchmark.fault} results by convention and backing, and subtracts the re-arm. */
    private static List<FaultCost> faultRows(List<JmhResult> faults, List<String> warnings) {
        Map<String, Map<String, JmhResult>> byKey = new LinkedHashMap<>();
        for (JmhResult r : faults) {
            String key = r.param("model") + "\u0000" + r.param("backing");
            byKey.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(String.valueOf(r.param("path")), r);
        }
        List<FaultCost> rows = new ArrayList<>();
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
            rows.add(new FaultCost(k[0], k[1], rearm, path(p.get("locked"), rearm), path(p.get("refault"), rearm),
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
    static RetryPrice pairedRow(JmhResult r) {
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
        return new RetryPrice(r.param("model"), r.param("backing"), (long) total, Estimate.ofSamples(locked),
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

    private static List<Pressure> pressureRows(List<JmhResult> pressures) {
        List<Pressure> rows = new ArrayList<>();
        List<String> order = new ArrayList<>();
        for (JmhResult r : pressures) {
            if (!order.contains(r.param("model"))) {
                order.add(r.param("model"));
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
            rows.add(new Pressure(r.param("model"), r.param("partner"), r.param("backing"), r.param("gapUs"),
                    Estimate.ofSamples(rate), fault.nanosPerOp(), perLanded, (long) total,
                    counter(r, "faults") / total, counter(r, "retries") / total, counter(r, "sigbus") / total,
                    (long) counter(r, "livelocks")));
        }
        rows.sort(Comparator.comparingInt((Pressure p) -> order.indexOf(p.convention()))
                .thenComparing(Pressure::partner).thenComparing(Pressure::backing)
                .thenComparingDouble(p -> gapOrder(p.gapUs())));
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

    /** The backings of the fault rows, in order of appearance. */
    public static Set<String> faultBackings(BenchSummaryFile s) {
        Set<String> out = new LinkedHashSet<>();
        s.faultCost().forEach(r -> out.add(r.backing()));
        return out;
    }

    /** Emulated locked fault (net) over the real fault of {@code real}, for {@code row}. */
    public static Estimate emulatedOverReal(FaultCost row, RealFault real) {
        return row.locked() == null ? Estimate.NONE : row.locked().net().over(real.fault());
    }

    /** The tables printed by {@code pagerace bench-report}. */
    public static String table(BenchSummaryFile s) {
        List<FaultCost> faultRows = s.faultCost();
        List<RetryPrice> paired = s.retryPrice();
        List<RealFault> real = s.kernel().realFault();
        Estimate jnaCall = s.kernel().jnaCall();
        Estimate safeStore = s.kernel().safeStore();
        List<Pressure> pressure = s.pressure();
        Points points = s.points();
        StringBuilder sb = new StringBuilder();
        for (String backing : faultBackings(s)) {
            sb.append(String.format(Locale.ROOT, "Emulated write fault, %s backing, uncontended (ns per store, the "
                    + "re-arm measured beside each convention subtracted)%n", backing));
            sb.append(String.format(Locale.ROOT, "  %-18s %12s %14s %14s %14s %14s %14s %10s%n", "model",
                    "re-arm", "locked", "refault", "retry", "retry/locked", "restart", "restart/lk"));
            for (FaultCost r : faultRows) {
                if (!r.backing().equals(backing)) {
                    continue;
                }
                sb.append(String.format(Locale.ROOT, "  %-18s %12s %14s %14s %14s %14s %14s %10s%n", r.convention(),
                        r.rearm().format(), net(r.locked()), net(r.refault()),
                        net(r.retry()) + (r.retryEndsInSigbus() ? "*" : ""),
                        r.retryEndsInSigbus() ? "SIGBUS*" : r.retryOverLocked().format(), r.restart().format(),
                        r.restartOverLocked().format()));
            }
            if (faultRows.stream().anyMatch(r -> r.backing().equals(backing) && r.retryEndsInSigbus())) {
                sb.append("  * no retry path: the handler answers the dropped page with SIGBUS (the spurious SIGBUS)\n");
            }
            sb.append("  restart = retry - refault: the failed first attempt alone (both drop and re-create the page)\n\n");
        }
        if (!paired.isEmpty()) {
            sb.append("Price of a retry, paired (a locked and a retry store timed in each operation; ns per store)\n");
            sb.append(String.format(Locale.ROOT, "  %-18s %-7s %14s %14s %14s %14s%n", "model", "backing",
                    "locked", "retry", "retry - locked", "retry/locked"));
            for (RetryPrice r : paired) {
                sb.append(String.format(Locale.ROOT, "  %-18s %-7s %14s %14s %14s %14s%n", r.convention(), r.backing(),
                        r.locked().format(), r.retry().format() + (r.retryEndsInSigbus() ? "*" : ""),
                        r.retryEndsInSigbus() ? "SIGBUS*" : r.retryMinusLocked().format(),
                        r.retryEndsInSigbus() ? "SIGBUS*" : r.retryOverLocked().format()));
            }
            if (paired.stream().anyMatch(RetryPrice::retryEndsInSigbus)) {
                sb.append("  * no retry path: the handler answers the dropped page with SIGBUS (the spurious SIGBUS)\n");
            }
            sb.append("  difference and ratio taken per iteration, then averaged: the host's drift cancels in them\n\n");
        }
        if (!real.isEmpty() || jnaCall.known() || safeStore.known()) {
            sb.append("Real kernel (ns)\n");
            for (RealFault r : real) {
                sb.append(String.format(Locale.ROOT, "  write fault, re-armed by %-9s %14s per timed store   %14s per cycle (re-arm included)%n",
                        r.method() + ":", r.fault().format(), r.cycle().format()));
            }
            sb.append(String.format(Locale.ROOT, "  JNA call (pagerace_abi_version)      %14s%n", jnaCall.format()));
            sb.append(String.format(Locale.ROOT, "  safe store (process_vm_writev)       %14s%n%n", safeStore.format()));
        }
        if (!real.isEmpty() && faultRows.stream().anyMatch(r -> r.locked() != null)) {
            sb.append("Emulated locked fault (net) / real kernel write fault\n");
            sb.append(String.format(Locale.ROOT, "  %-18s %-7s", "model", "backing"));
            real.forEach(r -> sb.append(String.format(Locale.ROOT, " %16s", "/ " + r.method())));
            sb.append('\n');
            for (FaultCost row : faultRows) {
                sb.append(String.format(Locale.ROOT, "  %-18s %-7s", row.convention(), row.backing()));
                real.forEach(r -> sb.append(String.format(Locale.ROOT, " %16s", emulatedOverReal(row, r).format())));
                sb.append('\n');
            }
            sb.append('\n');
        }
        if (!pressure.isEmpty()) {
            sb.append("Under pressure (fault thread: ns per landed store; truncates/s measured; retries and SIGBUS per store)\n");
            sb.append(String.format(Locale.ROOT, "  %-18s %-8s %-6s %5s %12s %16s %16s %9s %9s %6s%n", "model",
                    "partner", "back", "gapUs", "truncates/s", "ns/store", "ns/landed store", "retries", "sigbus",
                    "livelk"));
            for (Pressure p : pressure) {
                sb.append(String.format(Locale.ROOT, "  %-18s %-8s %-6s %5s %12s %16s %16s %9s %9s %6d%n",
                        p.convention(), p.partner(), p.backing(), p.gapUs(), Estimate.number(p.truncatesPerSec().value()),
                        p.nsPerStore().format(), p.nsPerLandedStore().format(), Estimate.number(p.retriesPerStore()),
                        Estimate.number(p.sigbusPerStore()), p.livelocks()));
            }
            sb.append('\n');
        }
        if (points.any()) {
            sb.append("Named points (ns per operation)\n");
            sb.append(String.format(Locale.ROOT, "  %d arithmetic steps: baseline %s, points off %s (%s vs baseline), "
                    + "points on and idle %s (%s vs baseline)%n", POINTS_PER_MICRO_OP, points.baseline().format(),
                    points.off().format(), points.offMinusBaseline().format(), points.idle().format(),
                    points.idleMinusBaseline().format()));
            sb.append(String.format(Locale.ROOT, "  locked fault (nopage-locked, model): points off %s, on and idle %s "
                    + "(%s)%n%n", points.faultOff().format(), points.faultIdle().format(),
                    points.faultIdleMinusOff().format()));
        }
        for (String w : s.warnings()) {
            sb.append("warning: ").append(w).append('\n');
        }
        return sb.toString();
    }

    private static String net(PathCost p) {
        return p == null ? "-" : p.net().format();
    }
}

package org.pagerace.results;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code bench-summary.json}: what a JMH run of the project's benchmarks says, in the project's terms, written by
 * {@code pagerace bench-report} ({@code bench/BenchSummary}) and read by the report. All times are nanoseconds per
 * operation; every {@link Estimate} is {@code {"value", "error"}} with a 99.9 % half-width, null where unknown.
 *
 * <p><b>retry/locked</b> has one definition: the retry store's time over the locked store's, <em>net of the
 * re-arm</em> (the benchmark's own work between stores that puts the page back into the state a write fault starts
 * from). The re-arm is harness set-up, not the fault; a gross ratio includes it in both paths and pulls every ratio
 * towards 1. It is measured two ways: paired ({@code retry_price}: both stores timed in one operation, so the
 * host's drift cancels; the figure to quote) and unpaired ({@code fault_cost}: each path in forks of its own, the
 * re-arm measured beside it subtracted). {@link #retryOverLocked} picks the paired one where it ran.
 */
public record BenchSummaryFile(String source, String unit, Map<String, String> settings,
        @JsonProperty("host_cpu") @JsonInclude(JsonInclude.Include.NON_NULL) HostCpu hostCpu,
        @JsonProperty("fault_cost") List<FaultCost> faultCost,
        @JsonProperty("retry_price") List<RetryPrice> retryPrice, Kernel kernel,
        @JsonProperty("emulated_over_real") List<EmulatedOverReal> emulatedOverReal, List<Pressure> pressure,
        Points points, List<String> warnings, List<String> charts) implements ResultsDocument {
    public static final Schema SCHEMA = new Schema("pagerace-bench-summary", 1, "bench-summary.json");
    public static final String UNIT = "ns per operation; errors are 99.9% confidence half-widths, null where unknown";

    public BenchSummaryFile {
        settings = settings == null ? Map.of() : settings;
        faultCost = listOf(faultCost);
        retryPrice = listOf(retryPrice);
        emulatedOverReal = listOf(emulatedOverReal);
        pressure = listOf(pressure);
        warnings = listOf(warnings);
        charts = listOf(charts);
    }

    /** How busy the host was during the run ({@code host-cpu.txt}). */
    public record HostCpu(double seconds, int cpus, @JsonProperty("benchmark_cpu_seconds") double benchmarkCpuSeconds,
            @JsonProperty("busy_cpu_seconds") double busyCpuSeconds,
            @JsonProperty("steal_cpu_seconds") double stealCpuSeconds, @JsonProperty("other_share") double otherShare,
            @JsonProperty("steal_share") double stealShare, @JsonProperty("load_before") String loadBefore,
            @JsonProperty("load_after") String loadAfter) {
    }

    /** One path of one convention: the JMH score, the score less the re-arm, and what the counters say. */
    public record PathCost(Estimate ns, @JsonProperty("net_ns") Estimate net,
            @JsonProperty("faults_per_store") double faultsPerStore,
            @JsonProperty("sigbus_per_store") double sigbusPerStore) {
    }

    /**
     * One convention on one backing, uncontended ({@code FaultCostBenchmark}): the re-arm measured beside it, and the
     * three fault paths with it subtracted (null if not run), then the ratios derived from them.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FaultCost(String convention, String backing, @JsonProperty("rearm_ns") Estimate rearm,
            PathCost locked, PathCost refault, PathCost retry) {
        /** The retry operation ended in SIGBUS: the convention has no retry path. */
        @JsonProperty(value = "retry_ends_in_sigbus", access = JsonProperty.Access.READ_ONLY)
        public boolean retryEndsInSigbus() {
            return retry != null && retry.sigbusPerStore() > 0.5;
        }

        /** retry / locked, both net of the re-arm; unknown if either is missing or retry ends in SIGBUS. */
        @JsonProperty(value = "retry_over_locked", access = JsonProperty.Access.READ_ONLY)
        public Estimate retryOverLocked() {
            return locked == null || retry == null || retryEndsInSigbus() ? Estimate.NONE
                    : retry.net().over(locked.net());
        }

        /** retry - refault: the price of the failed first attempt alone. */
        @JsonProperty(value = "restart_ns", access = JsonProperty.Access.READ_ONLY)
        public Estimate restart() {
            return refault == null || retry == null || retryEndsInSigbus() ? Estimate.NONE
                    : retry.ns().minus(refault.ns());
        }

        @JsonProperty(value = "restart_over_locked", access = JsonProperty.Access.READ_ONLY)
        public Estimate restartOverLocked() {
            return locked == null ? Estimate.NONE : restart().over(locked.net());
        }
    }

    /**
     * One convention on one backing, paired ({@code RetryPriceBenchmark}): the mean timed locked and retry store
     * (the clock's own cost subtracted) and, taken per iteration, their difference and ratio (unknown where the
     * retry ends in SIGBUS).
     */
    public record RetryPrice(String convention, String backing, long pairs, @JsonProperty("locked_ns") Estimate locked,
            @JsonProperty("retry_ns") Estimate retry,
            @JsonProperty("retry_minus_locked_ns") Estimate retryMinusLocked,
            @JsonProperty("retry_over_locked") Estimate retryOverLocked,
            @JsonProperty("retry_ends_in_sigbus") boolean retryEndsInSigbus) {
        public RetryPrice {
            if (pairs < 0) {
                throw new IllegalArgumentException("pairs must be >= 0, found " + pairs);
            }
            if (retryEndsInSigbus) {
                retryMinusLocked = Estimate.NONE;
                retryOverLocked = Estimate.NONE;
            }
        }
    }

    /** The real kernel's references: a JNA call, the safe store, and the write fault per re-arm method. */
    public record Kernel(@JsonProperty("jna_call_ns") Estimate jnaCall, @JsonProperty("safe_store_ns") Estimate safeStore,
            @JsonProperty("real_fault") List<RealFault> realFault) {
        public Kernel {
            realFault = listOf(realFault);
        }
    }

    /** A real kernel write fault by one re-arm method: the timed store, and the whole cycle with the re-arm. */
    public record RealFault(String method, @JsonProperty("fault_ns") Estimate fault,
            @JsonProperty("cycle_ns") Estimate cycle) {
    }

    /** The emulated locked fault (net of the re-arm) over the real fault of one method. */
    public record EmulatedOverReal(String convention, String backing, String method, Estimate ratio) {
    }

    /** One point of a pressure curve ({@code PressureBenchmark}). */
    public record Pressure(String convention, String partner, String backing, @JsonProperty("gap_us") String gapUs,
            @JsonProperty("truncates_per_s") Estimate truncatesPerSec, @JsonProperty("ns_per_store") Estimate nsPerStore,
            @JsonProperty("ns_per_landed_store") Estimate nsPerLandedStore, long stores,
            @JsonProperty("faults_per_store") double faultsPerStore,
            @JsonProperty("retries_per_store") double retriesPerStore,
            @JsonProperty("sigbus_per_store") double sigbusPerStore, long livelocks) {
        public Pressure {
            if (stores < 0 || livelocks < 0) {
                throw new IllegalArgumentException("stores and livelocks must be >= 0");
            }
        }
    }

    /** {@code PointsCostBenchmark}: the named points compiled out, idle, and absent; unknown entries are NONE. */
    public record Points(@JsonProperty("baseline_ns") Estimate baseline, @JsonProperty("off_ns") Estimate off,
            @JsonProperty("idle_ns") Estimate idle,
            @JsonProperty(value = "off_minus_baseline_ns", access = JsonProperty.Access.READ_ONLY) Estimate offMinusBaseline,
            @JsonProperty(value = "idle_minus_baseline_ns", access = JsonProperty.Access.READ_ONLY)
            Estimate idleMinusBaseline,
            @JsonProperty("points_per_micro_op") int pointsPerMicroOp,
            @JsonProperty("fault_off_ns") Estimate faultOff, @JsonProperty("fault_idle_ns") Estimate faultIdle,
            @JsonProperty(value = "fault_idle_minus_off_ns", access = JsonProperty.Access.READ_ONLY)
            Estimate faultIdleMinusOff) {
        public Points {
            baseline = orNone(baseline);
            off = orNone(off);
            idle = orNone(idle);
            faultOff = orNone(faultOff);
            faultIdle = orNone(faultIdle);
            offMinusBaseline = off.minus(baseline);
            idleMinusBaseline = idle.minus(baseline);
            faultIdleMinusOff = faultIdle.minus(faultOff);
        }

        /** Whether any of them ran. */
        @JsonIgnore
        public boolean any() {
            return baseline.known() || off.known() || idle.known() || faultOff.known() || faultIdle.known();
        }
    }

    /** This summary with the names of the charts drawn from it. */
    public BenchSummaryFile withCharts(List<String> names) {
        return new BenchSummaryFile(source, unit, settings, hostCpu, faultCost, retryPrice, kernel, emulatedOverReal,
                pressure, points, warnings, names);
    }

    /** One convention's retry/locked on one backing, and which measurement it comes from. */
    public record Ratio(String convention, String backing, Estimate value, boolean paired) {
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    /**
     * retry/locked (net of the re-arm) per convention and backing: the paired figure where
     * {@code RetryPriceBenchmark} ran, else the unpaired {@code FaultCostBenchmark} one; conventions whose retry
     * ends in SIGBUS have none.
     */
    public List<Ratio> retryOverLocked() {
        List<Ratio> out = new ArrayList<>();
        Set<String> paired = new LinkedHashSet<>();
        for (RetryPrice p : retryPrice) {
            if (!p.retryEndsInSigbus() && p.retryOverLocked().known()) {
                out.add(new Ratio(p.convention(), p.backing(), p.retryOverLocked(), true));
                paired.add(p.convention() + "\u0000" + p.backing());
            }
        }
        for (FaultCost f : faultCost) {
            if (!paired.contains(f.convention() + "\u0000" + f.backing()) && f.retryOverLocked().known()) {
                out.add(new Ratio(f.convention(), f.backing(), f.retryOverLocked(), false));
            }
        }
        return out;
    }

    private static Estimate orNone(Estimate e) {
        return e == null ? Estimate.NONE : e;
    }

    private static <T> List<T> listOf(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}

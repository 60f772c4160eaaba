package org.pagerace.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.pagerace.mm.StoreResult;

/**
 * Hypothesis: a retry ({@code VM_FAULT_NOPAGE}, or a 0 return that the VM's {@code page->mapping} re-check turns
 * into a restart) costs more than the locked return by one failed trip through the fault path plus the creation of
 * a new page, and that price is measurable even where it is small beside what surrounds it (the file backing's
 * real store, about 2 µs on this kind of machine).
 *
 * <p>Why paired: {@link FaultCostBenchmark} measures the locked and the retry path in separate forks, minutes
 * apart. On a 2-CPU VM whose speed drifts by 20-25 % between one-second iterations, two such figures that differ by
 * 10 % cannot be told apart, and on the file backing the retry path came out cheaper than the locked one in some
 * runs: drift, not a property of the protocol (both paths make the same single safe store into a real page that
 * stays resident, dirty and writable, since the emulated page drop does not touch the real file). Here one
 * operation is a <em>pair</em>: one locked store and one retry store, in alternating order, each timed with
 * {@link System#nanoTime()}, so both see the same machine at the same moment and the drift cancels in their
 * difference. The stores are those of {@link FaultCostBenchmark}: {@code locked} re-arms the write fault
 * (writeback's cleaning step) and stores, taking one fault through {@code do_wp_page} → {@code ->page_mkwrite};
 * {@code retry} does the same with the page dropped from the page cache between the VM's pte read and the handler
 * ({@link DroppingConvention}), so the handler answers NOPAGE or 0, the store re-executes and lands through
 * {@code do_shared_fault} on a new page: two faults. Only the store is timed, not the re-arm.
 *
 * <p>Auxiliary counters (JMH "EVENTS", totals per iteration): {@code pairs}, {@code lockedNs} and {@code retryNs}
 * (the timed stores), {@code timerNs} (an empty timed section per pair: what a reading of the clock adds to each
 * timed store, about 20-30 ns, subtracted by the report) and {@code sigbus} (retry stores that ended in SIGBUS: the
 * {@code sigbus} convention has no retry path). {@code pagerace bench-report} computes per iteration
 * {@code (retryNs - timerNs) / pairs} minus {@code (lockedNs - timerNs) / pairs}, and the mean and 99.9 %
 * interval of that difference and of the ratio over the iterations of all forks. The primary score (time per
 * pair, re-arms included) is only a sanity check.
 *
 * <p>Kept out of the measurement: the emulated file and its real file ({@link Level#Trial}), a lock-leak check at
 * {@link Level#Iteration}; no {@code Level.Invocation}. Named points are compiled out.
 *
 * <p>HOW TO RUN:
 * <pre>{@code
 * mvn -q package -DskipTests
 * java -jar target/benchmarks.jar RetryPriceBenchmark                              # 9 models x 2 backings
 * java -jar target/benchmarks.jar RetryPriceBenchmark -p backing=file -p fs=/dev/shm
 * scripts/bench --quick -- RetryPriceBenchmark                                     # with the report's table
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = "-Dpagerace.points=off")
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class RetryPriceBenchmark {
    /** One convention's file on one backing. */
    @State(Scope.Thread)
    public static class PairState extends RigState {
        boolean retryFirst;

        @Setup(Level.Trial)
        public void setUp() {
            rig = new FaultRig(model, backing, fs);
        }
    }

    /** The timed stores of an iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class PairTimes {
        public long pairs;
        public long lockedNs;
        public long retryNs;
        public long timerNs;
        public long sigbus;

        @Setup(Level.Iteration)
        public void reset() {
            pairs = 0;
            lockedNs = 0;
            retryNs = 0;
            timerNs = 0;
            sigbus = 0;
        }
    }

    @Benchmark
    public long pair(PairState s, PairTimes t) {
        s.retryFirst = !s.retryFirst;
        if (s.retryFirst) {
            t.retryNs += retry(s, t);
            t.lockedNs += locked(s);
        } else {
            t.lockedNs += locked(s);
            t.retryNs += retry(s, t);
        }
        long t0 = System.nanoTime();
        long t1 = System.nanoTime();
        t.timerNs += t1 - t0;
        t.pairs++;
        return t1;
    }

    /** Re-arms, then times one store on the locked path. */
    private static long locked(PairState s) {
        s.rig.rearm();
        long t0 = System.nanoTime();
        StoreResult r = s.rig.store();
        long t1 = System.nanoTime();
        if (r.status != StoreResult.Status.STORED || r.faults != 1) {
            throw unexpected(s, "locked", r, 1);
        }
        return t1 - t0;
    }

    /** Re-arms and arms the drop, then times one store on the retry path. */
    private static long retry(PairState s, PairTimes t) {
        s.rig.rearm();
        s.rig.convention.arm();
        long t0 = System.nanoTime();
        StoreResult r = s.rig.store();
        long t1 = System.nanoTime();
        if (r.status == StoreResult.Status.SIGBUS && r.faults == 1) {
            t.sigbus++;
        } else if (r.status != StoreResult.Status.STORED || r.faults != 2) {
            throw unexpected(s, "retry", r, 2);
        }
        return t1 - t0;
    }

    private static IllegalStateException unexpected(PairState s, String path, StoreResult r, int faults) {
        return new IllegalStateException(s.model + " " + path + " (" + s.backing + "): the store ended " + r
                + " where " + faults + " fault(s) and a landed store were expected");
    }
}

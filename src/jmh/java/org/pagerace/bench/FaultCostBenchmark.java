package org.pagerace.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.pagerace.check.Sample;
import org.pagerace.mm.Folio;
import org.pagerace.mm.PageWriteback;
import org.pagerace.mm.StoreResult;

/**
 * Hypothesis: on an uncontended page, the retry path ({@code VM_FAULT_NOPAGE}, or a 0 return that the VM's own
 * {@code page->mapping} re-check turns into a restart) costs one extra trip through the fault path on top of a
 * fault that must re-create its page, while the locked path ({@code VM_FAULT_LOCKED}, or a 0 return with the page
 * still mapped) costs one trip; per convention, on the model and the file backing.
 *
 * <p>One benchmark, {@link #fault}, whose {@code path} parameter says what one operation is. Every path but
 * {@code rearm} is one user store ({@code UserAccess.store}) that takes exactly one write fault, and checks that it
 * did (an operation that takes another number of faults throws, so no figure is mislabelled):
 * <ul>
 *   <li>{@code locked}: the page is mapped read-only and clean, as writeback leaves it; the store faults through
 *       {@code do_wp_page} → {@code ->page_mkwrite}, which succeeds (LOCKED, or 0 and the VM locks the page), and
 *       lands. This is the convention's success path, whichever return it uses.</li>
 *   <li>{@code retry}: as locked, but the page is dropped from the page cache (a page-cache flush,
 *       {@code invalidate_inode_pages2_range}; i_size unchanged) after the VM read the pte and before the handler
 *       runs (see {@link DroppingConvention}). The handler sees the dropped page and returns NOPAGE
 *       ({@code filemap}, {@code nopage-locked}, {@code invalidate-lock}, {@code vmf-fs-error}) or 0, after which
 *       the VM locks the page, finds {@code mapping == NULL} and returns 0, "retry" ({@code zero-unlocked},
 *       {@code unlocked-metadata}, {@code find-or-create}); the store re-executes, faults on the now-none pte
 *       ({@code do_shared_fault}, {@code filemap_fault} creates a new page) and lands: two faults for one store.
 *       {@code sigbus} has no retry path: its handler answers the dropped page with SIGBUS (the spurious SIGBUS
 *       the stress tests find), so its "retry" operation is a SIGBUS, preceded by the read fault that brings the
 *       page back for the next operation; the {@code sigbus} counter says so.
 *       {@code invalidate-lock} retries too: its lock serialises truncate and hole punch, not a page-cache
 *       flush.</li>
 *   <li>{@code refault}: the control for retry. The page is dropped the same way before the store, so the one
 *       fault is the restarted half of a retry: {@code do_shared_fault} on a none pte with a new page. So
 *       {@code retry - refault} is the price of the failed first attempt alone.</li>
 *   <li>{@code rearm}: the baseline to subtract. Every fault operation re-arms its fault inside the operation
 *       (writeback's cleaning step, see {@link FaultRig#clean()}), because per-invocation set-up is not used; this
 *       measures that re-arm alone, on a page dirtied with {@code folio_mark_dirty} instead of by a fault. Inside a
 *       fault operation the re-arm also finds a writable dirty pte, rewrites it read-only (a {@code Pte}
 *       allocation and a store under the pte lock) and re-marks the still-dirty folio; here the pte is already
 *       read-only, and the baseline marks a clean folio dirty instead. So the subtraction is close, not exact:
 *       the net figures carry those few operations' difference.</li>
 * </ul>
 * {@code path} is the last parameter, so JMH runs the four paths of one convention and backing one after the
 * other: on a shared machine whose load drifts, the figures compared with each other are measured minutes, not
 * half an hour, apart. Auxiliary counters (JMH "EVENTS", totals over the iterations): {@code stores},
 * {@code faults} (including restarts) and {@code sigbus}, so that faults per store can be checked in the results.
 *
 * <p>Kept out of the measurement: building the emulated filesystem, the file (a 4-page race-sample file; for the
 * file backing an unnamed real file, mapped shared) and the first read fault, at {@link Level#Trial}; a lock-leak
 * check at {@link Level#Iteration}. No {@code Level.Invocation} set-up: re-arming is part of every operation and
 * is measured by {@code path=rearm}. Named points are compiled out ({@code -Dpagerace.points=off}): this is the
 * cost of the protocol, not of the instrumentation ({@link PointsCostBenchmark} measures that). The file backing
 * adds the safe store that lands the data in the real mapping ({@code process_vm_writev}; see
 * {@link KernelReferenceBenchmark#safeStore}); its real page stays dirty and writable, so no real fault is taken.
 *
 * <p>HOW TO RUN:
 * <pre>{@code
 * mvn -q package -DskipTests
 * java -jar target/benchmarks.jar FaultCostBenchmark                          # 9 models x 2 backings x 4 paths, 2 forks
 * java -jar target/benchmarks.jar FaultCostBenchmark -p model=nopage-locked,zero-unlocked -p backing=model
 * java -jar target/benchmarks.jar FaultCostBenchmark -p backing=file -p fs=/mnt/xfs     # the file backing on another filesystem
 * java -jar target/benchmarks.jar FaultCostBenchmark -p model=com.example.MyFsMkwrite   # your own filesystem model
 * scripts/bench --quick                                                                 # everything, plus the report
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = "-Dpagerace.points=off")
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class FaultCostBenchmark {
    private static final int REARM = 0;
    private static final int LOCKED = 1;
    private static final int REFAULT = 2;
    private static final int RETRY = 3;
    private static final List<String> PATHS = List.of("rearm", "locked", "refault", "retry");

    /** One convention's file on one backing, and what one operation does to it. */
    @State(Scope.Thread)
    public static class FaultState extends RigState {
        /** {@code rearm}, {@code locked}, {@code refault} or {@code retry}: see the class comment. */
        @Param({"rearm", "locked", "refault", "retry"})
        public String path;

        int pathCode;
        /** The page's folio, for the re-arm baseline (which never drops it). */
        Folio folio;

        @Setup(Level.Trial)
        public void setUp() {
            pathCode = PATHS.indexOf(path);
            if (pathCode < 0) {
                throw new IllegalArgumentException("unknown path '" + path + "' (valid: " + String.join(", ", PATHS) + ")");
            }
            rig = new FaultRig(model, backing, fs);
            folio = rig.mapping.peek(Sample.PAGE);
        }
    }

    /** Stores, faults (restarts included) and SIGBUS, summed over an iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class FaultCounters {
        public long stores;
        public long faults;
        public long sigbus;

        @Setup(Level.Iteration)
        public void reset() {
            stores = 0;
            faults = 0;
            sigbus = 0;
        }
    }

    @Benchmark
    public Object fault(FaultState s, FaultCounters c) {
        FaultRig rig = s.rig;
        switch (s.pathCode) {
            case REARM:
                PageWriteback.folio_mark_dirty(s.folio);
                rig.rearm();
                return null;
            case LOCKED:
                rig.rearm();
                return expect(s, rig.store(), c, 1);
            case REFAULT:
                rig.rearm();
                rig.drop();
                return expect(s, rig.store(), c, 1);
            default:
                rig.rearm();
                rig.convention.arm();
                return expect(s, rig.store(), c, 2);
        }
    }

    /**
     * Counts {@code r} and checks that the store took {@code faults} faults and landed; a store that ends in SIGBUS
     * after one fault is accepted on the retry path (a convention without one).
     */
    static StoreResult expect(FaultState s, StoreResult r, FaultCounters c, int faults) {
        c.stores++;
        c.faults += r.faults;
        boolean ok = r.status == StoreResult.Status.STORED && r.faults == faults;
        if (r.status == StoreResult.Status.SIGBUS) {
            c.sigbus++;
            ok = faults == 2 && r.faults == 1;
        }
        if (!ok) {
            throw new IllegalStateException(s.model + " " + s.path + " (" + s.backing + "): the store ended "
                    + r + " where " + faults + " fault(s) and a landed store were expected");
        }
        return r;
    }
}
